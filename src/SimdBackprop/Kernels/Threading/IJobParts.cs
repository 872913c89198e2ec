namespace SimdBackprop.Kernels.Threading;

/// <summary>How one job is cut into independent pieces for <see cref="ForkJoin"/>: piece i as plain data.</summary>
/// <typeparam name="TJob">The piece's type.</typeparam>
internal interface IJobParts<TJob>
    where TJob : struct, IWorkerJob
{
    /// <summary>Piece <paramref name="index"/> (0-based).</summary>
    TJob Part(int index);
}
