namespace SimdBackprop.Kernels.Threading;

/// <summary>A piece of work a <see cref="WorkerPool{TJob}"/> thread runs: plain data (a struct, copied into the
/// worker, so handing it over allocates nothing) that knows how to run itself.</summary>
internal interface IWorkerJob
{
    /// <summary>Runs the piece on the calling thread.</summary>
    void Execute();
}
