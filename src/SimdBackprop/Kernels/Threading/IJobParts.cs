namespace SimdBackprop.Kernels.Threading;

/// <summary>
/// One job cut into independent pieces for <see cref="ForkJoin"/>: plain data (a struct, so handing it to a
/// worker allocates nothing) that runs piece i on the calling thread. Pieces share no written memory.
/// </summary>
internal interface IJobParts
{
    /// <summary>Runs piece <paramref name="part"/> (0-based) on the calling thread.</summary>
    void Execute(int part);
}
