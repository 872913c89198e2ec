namespace SimdBackprop.Kernels.Threading;

/// <summary>How <see cref="ForkJoin.RunRange{TWork}"/> cuts a range: piece i is items [i·chunk, (i+1)·chunk), and
/// the last piece runs to the end (chunk to 2·chunk − 1 items, never a sliver).</summary>
internal readonly struct RangeParts<TWork>(TWork work, int length, int chunk, int parts) : IJobParts
    where TWork : struct, IRangeWork
{
    public void Execute(int part)
    {
        int start = part * chunk;
        work.Execute(start, part == parts - 1 ? length - start : chunk);
    }
}
