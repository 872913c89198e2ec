namespace SimdBackprop.Tests.Architecture;

/// <summary>
/// The folder tree of src/SimdBackprop is the architecture (ARCHITECTURE.md): each top folder is a layer,
/// and a type may use types of its own layer and of the layers below, never above.
/// </summary>
public class LayeringTests
{
    /// <summary>Layer of each top folder of src/SimdBackprop, lowest first.</summary>
    public static readonly IReadOnlyDictionary<string, int> LayerOfFolder = new Dictionary<string, int>
    {
        ["Validation"] = 0, // argument checks every layer uses
        ["Kernels"] = 1,    // span kernels: GEMM, element-wise drivers and operators, math functions
        ["LayerMath"] = 2,  // dense layer, activations, losses, update rules
        ["Models"] = 3,     // network, workspace, gradient check, names
        ["Uses"] = 4,       // training, serving, files
    };

    private static readonly Lazy<AssemblyLayers> Library = new(() => new AssemblyLayers(typeof(Network).Assembly, "src/SimdBackprop/", LayerOfFolder));

    [Fact]
    public void EveryTypeLivesInExactlyOneLayerFolder()
    {
        List<string> problems = [.. Library.Value.Problems, .. Library.Value.TypesWithoutLayer().Select(t => $"{t.FullName} has no source in a layer folder")];
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void NoTypeUsesATypeOfAHigherLayer()
    {
        List<string> upward = [.. Library.Value.UpwardReferences()];
        Assert.True(upward.Count == 0, string.Join(Environment.NewLine, upward));
    }

    [Fact]
    public void TheLayersAreReadFromTheFolders()
    {
        // A few known types, so a reader that silently found no documents cannot pass the tests above.
        Assert.Equal(0, Library.Value.LayerOf(typeof(Network).Assembly.GetType("SimdBackprop.Validation.Check", throwOnError: true)!));
        Assert.Equal(1, Library.Value.LayerOf(typeof(Gemm)));
        Assert.Equal(1, Library.Value.LayerOf(typeof(SimdTier)));
        Assert.Equal(2, Library.Value.LayerOf(typeof(Dense)));
        Assert.Equal(2, Library.Value.LayerOf(typeof(LossKind)));
        Assert.Equal(3, Library.Value.LayerOf(typeof(Network)));
        Assert.Equal(4, Library.Value.LayerOf(typeof(Predictor)));
        Assert.Equal(4, Library.Value.LayerOf(typeof(ModelFile)));
    }
}
