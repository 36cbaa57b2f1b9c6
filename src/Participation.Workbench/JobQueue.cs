using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Participation.Scenarios;

namespace Participation.Workbench;

/// <summary>Where a job stands.</summary>
internal enum JobState { Queued, Running, Done, Failed, Cancelled }

/// <summary>A run or comparison in the queue: its request, its state and progress, and the result folder it wrote.</summary>
internal sealed class Job(string id, string title, BatchRequest request)
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>Short id (the API names the job by it).</summary>
    public string Id { get; } = id;
    /// <summary>What the job runs, in words.</summary>
    public string Title { get; } = title;
    /// <summary>What it runs.</summary>
    public BatchRequest Request { get; } = request;
    /// <summary>Where it stands.</summary>
    public JobState State { get; set; } = JobState.Queued;
    /// <summary>Share done, 0 to 1.</summary>
    public double Progress { get; set; }
    /// <summary>Why it failed, or what it wrote.</summary>
    public string? Message { get; set; }
    /// <summary>The result folder's name once done.</summary>
    public string? Result { get; set; }
    /// <summary>When it was queued.</summary>
    public DateTimeOffset Queued { get; } = DateTimeOffset.UtcNow;
    /// <summary>Seconds it ran (while running: so far).</summary>
    public double Seconds => Started is { } s ? ((Finished ?? DateTimeOffset.UtcNow) - s).TotalSeconds : 0;
    /// <summary>When it started.</summary>
    public DateTimeOffset? Started { get; set; }
    /// <summary>When it ended.</summary>
    public DateTimeOffset? Finished { get; set; }
    /// <summary>Fires when the user cancels it.</summary>
    public CancellationToken Cancellation => _cancel.Token;
    /// <summary>Asks the job to stop (a queued job never starts).</summary>
    public void Cancel() => _cancel.Cancel();
}

/// <summary>
/// The queue of runs and comparisons: one runs at a time (each uses every core), in the order queued. A job writes into
/// a hidden folder of the results folder and is renamed to its result folder only when every file is written, so a
/// cancelled, failed or killed job never leaves a folder that looks like results; finished results are ordinary result
/// folders, listed again after a restart.
/// </summary>
internal sealed class JobQueue(Workspace workspace, IBatchRunner runner) : BackgroundService
{
    /// <summary>Prefix of the hidden folders jobs write into before they are complete.</summary>
    public const string IncompletePrefix = ".incomplete-";

    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>();
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Most jobs waiting at once (a bound on what one client can pile up).</summary>
    public const int MaxQueued = 64;

    /// <summary>Every job since the server started, newest first.</summary>
    public IReadOnlyList<Job> Jobs => _jobs.Values.OrderByDescending(j => j.Queued).ThenByDescending(j => j.Id, StringComparer.Ordinal).ToArray();

    /// <summary>The job <paramref name="id"/>.</summary>
    public Job Get(string id) => _jobs.TryGetValue(id, out var job) ? job : throw new WorkbenchRefusal(404, $"job = {Workspace.Shown(id)}: no such job");

    /// <summary>Queues a job.</summary>
    public Job Enqueue(string title, BatchRequest request)
    {
        if (_jobs.Values.Count(j => j.State == JobState.Queued) >= MaxQueued)
            throw new WorkbenchRefusal(409, $"queue: {MaxQueued} jobs are waiting already; cancel some or wait for them");
        var job = new Job(Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture), title, request);
        _jobs[job.Id] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    /// <summary>Cancels job <paramref name="id"/>: a queued one is dropped, a running one stops at its next tick.</summary>
    public Job Cancel(string id)
    {
        var job = Get(id);
        lock (job)
        {
            if (job.State is JobState.Queued or JobState.Running) job.Cancel();
            if (job.State == JobState.Queued) { job.State = JobState.Cancelled; job.Message = "cancelled before it started"; job.Finished = DateTimeOffset.UtcNow; }
        }
        return job;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        RemoveIncomplete();
        await foreach (var job in _queue.Reader.ReadAllAsync(stopping))
        {
            // Off the host's thread: a batch runs for seconds to hours, on every core.
            await Task.Factory.StartNew(() => Execute(job, stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    private void Execute(Job job, CancellationToken stopping)
    {
        lock (job)
        {
            if (job.State != JobState.Queued) return; // cancelled while queued
            job.State = JobState.Running;
            job.Started = DateTimeOffset.UtcNow;
        }
        using var both = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation, stopping);
        string staging = Path.Combine(workspace.Results, IncompletePrefix + job.Id + "-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(staging);
            runner.Run(job.Request, staging, new Progress(job), both.Token);
            string final = FreshName(job.Request);
            Directory.Move(staging, Path.Combine(workspace.Results, final));
            job.Result = final;
            job.Progress = 1;
            job.State = JobState.Done;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException)))
        {
            job.State = JobState.Cancelled;
            job.Message = stopping.IsCancellationRequested ? "stopped with the server" : "cancelled";
        }
        catch (Exception e)
        {
            var first = e is AggregateException a ? a.Flatten().InnerExceptions[0] : e;
            job.State = JobState.Failed;
            job.Message = first is ScenarioException or WorkbenchRefusal or IOException or UnauthorizedAccessException
                ? first.Message : $"internal error ({first.GetType().Name}): {first.Message}";
        }
        finally
        {
            job.Finished = DateTimeOffset.UtcNow;
            if (Directory.Exists(staging))
                try { Directory.Delete(staging, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>A new result folder name, as the command line names them: the scenario's stem and the time.</summary>
    private string FreshName(BatchRequest request)
    {
        string stem = (request.Compare ? "compare-" : "") + request.Baseline.Name;
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string name = $"{stem}-{stamp}";
        for (int k = 2; Directory.Exists(Path.Combine(workspace.Results, name)) || File.Exists(Path.Combine(workspace.Results, name)); k++)
            name = $"{stem}-{stamp}-{k}";
        return name;
    }

    /// <summary>Removes hidden folders of jobs a killed server left half written (they never became results).</summary>
    private void RemoveIncomplete()
    {
        foreach (var dir in Directory.EnumerateDirectories(workspace.Results, IncompletePrefix + "*"))
            if (new DirectoryInfo(dir).LinkTarget is null)
                try { Directory.Delete(dir, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Writes progress into the job (read by the pages' polling); no synchronisation context.</summary>
    private sealed class Progress(Job job) : IProgress<double>
    {
        public void Report(double value) => job.Progress = value;
    }
}
