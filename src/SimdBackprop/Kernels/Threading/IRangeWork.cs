namespace SimdBackprop.Kernels.Threading;

/// <summary>
/// Work over items [0, length) (rows, columns, elements) whose items are independent and each computed the
/// same way whoever runs it, so any cut gives the single-threaded bits: plain data (pointers into pinned
/// operands), run by <see cref="ForkJoin.RunRange{TWork}"/>.
/// </summary>
internal interface IRangeWork
{
    /// <summary>Runs items [start, start + count) on the calling thread.</summary>
    void Execute(int start, int count);
}
