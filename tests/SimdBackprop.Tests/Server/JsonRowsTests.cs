using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck.Fluent;
using SimdBackprop.Cli.Server;

namespace SimdBackprop.Tests.Server;

/// <summary>The hand-written JSON reader of prediction bodies against well-formed bodies and against mutated
/// ones: it either accepts exactly the numbers that were sent, or says what is wrong (or the JSON reader
/// throws <see cref="JsonException"/>); nothing else escapes, whatever the bytes.</summary>
public class JsonRowsTests
{
    [Fact]
    public void WellFormedBodies_ReadBackTheExactFloats()
    {
        Properties.Check(
            Gen.Zip(Gen.Choose(1, 9), Gen.Zip(Gen.Choose(0, 7), Properties.Seed)),
            t =>
            {
                (int width, (int rows, int seed)) = t;
                var random = new Random(seed);
                float[] x = Enumerable.Range(0, rows * width).Select(_ => BitConverter.Int32BitsToSingle(random.Next()) is var v && float.IsFinite(v) ? v : 1.5f).ToArray();
                string body = "{ \"inputs\" : [" + string.Join(",", Enumerable.Range(0, rows).Select(r =>
                    "[" + string.Join(", ", x.Skip(r * width).Take(width).Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]")) + "] }";
                float[] rented = ArrayPool<float>.Shared.Rent(1);
                try
                {
                    Assert.Null(JsonRows.Parse(Encoding.UTF8.GetBytes(body), width, ref rented, out int parsed));
                    Assert.Equal(rows, parsed);
                    Assert.True(x.AsSpan().SequenceEqual(rented.AsSpan(0, rows * width)), body);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            });
    }

    [Fact]
    public void MutatedBodies_AreAcceptedConsistently_OrRefusedWithAMessage_NeverAnotherException()
    {
        byte[] valid = Encoding.UTF8.GetBytes("{\"inputs\": [[1.5, -2, 3e-3], [0, 1e10, -7.25]]}");
        byte[] alphabet = Encoding.UTF8.GetBytes("{}[],:\"0123456789.eE+-inputs \\nulltrue\u00ff");
        Properties.Check(
            Gen.Zip(Properties.Seed, Gen.Choose(1, 6)),
            t =>
            {
                (int seed, int edits) = t;
                var random = new Random(seed);
                var body = valid.ToList();
                for (int e = 0; e < edits; e++)
                {
                    int at = random.Next(body.Count + 1);
                    switch (random.Next(3))
                    {
                        case 0 when body.Count > 0 && at < body.Count: body.RemoveAt(at); break;
                        case 1 when at < body.Count: body[at] = alphabet[random.Next(alphabet.Length)]; break;
                        default: body.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    }
                }

                float[] rented = ArrayPool<float>.Shared.Rent(1);
                try
                {
                    string? error = JsonRows.Parse(body.ToArray(), 3, ref rented, out int rows);
                    if (error is null)
                    {
                        Assert.True(rows >= 0 && rows * 3 <= rented.Length);
                        Assert.All(rented.AsSpan(0, rows * 3).ToArray(), v => Assert.True(float.IsFinite(v)));
                        using JsonDocument document = JsonDocument.Parse(body.ToArray()); // accepted ⇒ it was JSON
                        Assert.Equal(rows, document.RootElement.GetProperty("inputs").GetArrayLength());
                    }
                    else
                    {
                        Assert.False(string.IsNullOrWhiteSpace(error));
                    }
                }
                catch (JsonException)
                {
                    // malformed JSON: the endpoint turns it into a 400
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(rented);
                }
            },
            maxTest: 2000);
    }
}
