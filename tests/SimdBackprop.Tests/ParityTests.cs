using System.Globalization;

namespace SimdBackprop.Tests;

/// <summary>
/// SimdBackprop against PyTorch (float32 both sides) on the committed fixtures of
/// tests/fixtures/make_parity_fixtures.py: forward outputs, the loss, every gradient, and the parameters
/// after two epochs of each optimizer with full batches, mini-batches and online learning.
/// Bounds (both sides float32, different summation orders and transcendental implementations), per tensor,
/// relative to the tensor's largest magnitude M = max|expected|:
/// forward, loss and gradients |ours − torch| ≤ 1e-5·M + 1e-7; trained parameters ≤ 5e-5·M + 1e-6
/// (several steps compound rounding; Adam divides by √v̂, which amplifies differences in small gradients).
/// Observed with the scalar placeholder kernels: at most 7.8e-7·M (forward, gradients) and 6.3e-7·M (trained),
/// so the bounds leave a margin of 10× to 80× for other kernels while any formula error (≥ 1e-3·M) fails.
/// </summary>
public sealed class ParityTests
{
    private const double ForwardRelative = 1e-5, ForwardAbsolute = 1e-7;
    private const double TrainedRelative = 5e-5, TrainedAbsolute = 1e-6;

    public static TheoryData<string> Cases
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in ParityFixtures.CaseNames())
            {
                data.Add(name);
            }

            return data;
        }
    }

    public static TheoryData<string, string, string> TrainingCases
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (string name in ParityFixtures.CaseNames())
            {
                foreach (string optimizer in new[] { "sgd", "momentum", "adam", "adamw" })
                {
                    foreach (string mode in new[] { "full", "mini", "online" })
                    {
                        data.Add(name, optimizer, mode);
                    }
                }
            }

            return data;
        }
    }

    [Fact]
    public void Parity_FixturesArePresentAndSmall()
    {
        string[] names = ParityFixtures.CaseNames().ToArray();
        Assert.Equal(8, names.Length);
        long total = Directory.GetFiles(ParityFixtures.Directory, "*.safetensors").Sum(f => new FileInfo(f).Length);
        Assert.True(total < 256 * 1024, $"fixtures take {total} bytes");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parity_ForwardLossAndGradients(string name)
    {
        var fixture = new ParityFixtures.Case(name);
        Network network = fixture.InitialNetwork();
        int m = fixture.Samples;
        NetworkWorkspace workspace = network.CreateWorkspace(m);

        ReadOnlySpan<float> y = network.Forward(fixture.Input, m, workspace);
        Compare(y, fixture.Tensor("output"), ForwardRelative, ForwardAbsolute, $"{name} output");

        network.ZeroGradients();
        float e = network.ComputeGradients(fixture.Input, fixture.Target, m, fixture.Loss, workspace);
        Compare([e], fixture.Tensor("loss"), ForwardRelative, ForwardAbsolute, $"{name} loss");
        for (int l = 0; l < network.LayerCount; l++)
        {
            Compare(network.WeightGradients(l), fixture.Tensor($"grad.layers.{l}.weight"), ForwardRelative, ForwardAbsolute, $"{name} grad.layers.{l}.weight");
            Compare(network.BiasGradients(l), fixture.Tensor($"grad.layers.{l}.bias"), ForwardRelative, ForwardAbsolute, $"{name} grad.layers.{l}.bias");
        }
    }

    [Theory]
    [MemberData(nameof(TrainingCases))]
    public void Parity_TrainedParameters(string name, string optimizerName, string mode)
    {
        var fixture = new ParityFixtures.Case(name);
        Network network = fixture.InitialNetwork();
        int batch = mode switch { "full" => fixture.Samples, "mini" => fixture.MiniBatch, _ => 1 };
        var trainer = new Trainer(network, fixture.Optimizer(optimizerName), fixture.Loss, batch);
        for (int epoch = 0; epoch < fixture.Epochs; epoch++)
        {
            trainer.TrainEpoch(fixture.Input, fixture.Target, fixture.Samples, shuffle: false);
        }

        for (int l = 0; l < network.LayerCount; l++)
        {
            string prefix = $"{optimizerName}.{mode}.layers.{l}";
            Compare(network.Weights(l), fixture.Tensor($"{prefix}.weight"), TrainedRelative, TrainedAbsolute, $"{name} {prefix}.weight");
            Compare(network.Bias(l), fixture.Tensor($"{prefix}.bias"), TrainedRelative, TrainedAbsolute, $"{name} {prefix}.bias");
        }
    }

    /// <summary>|actual − expected| ≤ relative·max|expected| + absolute, elementwise.</summary>
    private static void Compare(ReadOnlySpan<float> actual, FloatTensor expected, double relative, double absolute, string what)
    {
        Assert.Equal(expected.Data.Length, actual.Length);
        double[] e = expected.Data.ToDouble();
        Tolerance.WithinTensorScale(actual, e, e, relative, absolute, what);
    }
}

/// <summary>Finds and reads the committed PyTorch fixtures (tests/fixtures, located from the test binary upwards).</summary>
internal static class ParityFixtures
{
    private static readonly Lazy<string> Location = new(() =>
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "tests", "fixtures");
            if (File.Exists(Path.Combine(candidate, "make_parity_fixtures.py")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/fixtures not found above {AppContext.BaseDirectory}.");
    });

    public static string Directory => Location.Value;

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Case files: every *.safetensors that is not a .model or .sequential companion.</summary>
    public static IEnumerable<string> CaseNames() =>
        System.IO.Directory.GetFiles(Directory, "*.safetensors")
            .Select(Path.GetFileName)
            .Where(f => f!.Split('.').Length == 2)
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Order(StringComparer.Ordinal);

    public sealed class Case
    {
        private readonly SafeTensorsFile file;

        public Case(string name)
        {
            file = SafeTensors.Load(PathOf(name + ".safetensors"));
            Assert.Equal("simdbackprop-parity", file.Metadata["format"]);
            Activations = file.Metadata["activations"].Split(',').Select(ActivationNames.Parse).ToArray();
            Loss = Enum.Parse<LossKind>(file.Metadata["loss"]);
            Samples = Int("samples");
            MiniBatch = Int("mini_batch");
            Epochs = Int("epochs");
        }

        public Activation[] Activations { get; }

        public LossKind Loss { get; }

        public int Samples { get; }

        public int MiniBatch { get; }

        public int Epochs { get; }

        public float[] Input => Tensor("input").Data;

        public float[] Target => Tensor("target").Data;

        public FloatTensor Tensor(string name) =>
            file.Tensors.TryGetValue(name, out FloatTensor? t) ? t : throw new KeyNotFoundException($"fixture has no tensor '{name}'");

        public Network InitialNetwork()
        {
            var layers = new LayerSpec[Activations.Length];
            for (int l = 0; l < layers.Length; l++)
            {
                layers[l] = new LayerSpec(Tensor($"initial.layers.{l}.weight").Shape[0], Activations[l]);
            }

            var network = new Network(Tensor("initial.layers.0.weight").Shape[1], layers);
            for (int l = 0; l < layers.Length; l++)
            {
                Tensor($"initial.layers.{l}.weight").Data.CopyTo(network.Weights(l));
                Tensor($"initial.layers.{l}.bias").Data.CopyTo(network.Bias(l));
            }

            return network;
        }

        public Optimizer Optimizer(string name) => name switch
        {
            "sgd" => new SgdOptimizer(new SgdSettings(Float("sgd_lr"))),
            "momentum" => new MomentumOptimizer(new MomentumSettings(Float("momentum_lr"), Float("momentum"))),
            "adam" => new AdamOptimizer(AdamSettings.Adam with { LearningRate = Float("adam_lr") }),
            "adamw" => new AdamOptimizer(AdamSettings.AdamW with { LearningRate = Float("adamw_lr"), WeightDecay = Float("adamw_weight_decay") }),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown optimizer"),
        };

        private int Int(string key) => int.Parse(file.Metadata[key], CultureInfo.InvariantCulture);

        private float Float(string key) => float.Parse(file.Metadata[key], CultureInfo.InvariantCulture);
    }
}
