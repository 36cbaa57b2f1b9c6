using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Participation.Scenarios;
using Participation.Simulation;

namespace Participation.Workbench;

/// <summary>Where a job stands (interrupted: the server stopped before the job finished; it can be resumed or removed).</summary>
internal enum JobState { Queued, Running, Done, Failed, Cancelled, Interrupted }

/// <summary>A run or comparison in the queue: its request, its state and progress, and the result folder it wrote.</summary>
internal sealed class Job(string id, string title, bool compare, BatchRequest? request, string folder, DateTimeOffset queued)
{
    private CancellationTokenSource _cancel = new();

    /// <summary>Short id (the API names the job by it).</summary>
    public string Id { get; } = id;
    /// <summary>What the job runs, in words.</summary>
    public string Title { get; } = title;
    /// <summary>A comparison (else a run).</summary>
    public bool Compare { get; } = compare;
    /// <summary>What it runs (null when its record no longer loads: it can only be removed).</summary>
    public BatchRequest? Request { get; } = request;
    /// <summary>The hidden folder that holds the job's record and, while it runs, its output.</summary>
    public string Folder { get; } = folder;
    /// <summary>Where it stands.</summary>
    public JobState State { get; set; } = JobState.Queued;
    /// <summary>Share done, 0 to 1.</summary>
    public double Progress { get; set; }
    /// <summary>Why it failed, or what it wrote.</summary>
    public string? Message { get; set; }
    /// <summary>The result folder it wrote, when done.</summary>
    public string? Result { get; set; }
    /// <summary>When it was queued.</summary>
    public DateTimeOffset Queued { get; } = queued;
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

    /// <summary>Puts an interrupted job back in the queue, to run from its start.</summary>
    public void Requeue()
    {
        _cancel = new CancellationTokenSource();
        State = JobState.Queued;
        Progress = 0;
        Message = "resumed: runs again from its first replication (the same seeds, so the same tables)";
        Started = Finished = null;
    }
}

/// <summary>
/// What is kept of a job on disk, in its hidden folder: enough to run it again after a restart of the server (the
/// scenarios as resolved when it was queued, so a file edited since does not change what it runs).
/// </summary>
internal sealed record JobRecord(string Id, string Title, bool Compare, string[] Names, string[] Files, string[] Scenarios, ulong MasterSeed,
    int Replications, DateTimeOffset Queued);

/// <summary>
/// The queue of runs and comparisons: one runs at a time (each uses every core), in the order queued. Each job has a
/// hidden folder in the results folder from the moment it is queued, with its record (<see cref="JobRecord"/>); it writes
/// into that folder's <c>out/</c>, which is renamed to its result folder only when every file is written, so a cancelled,
/// failed or killed job never leaves a folder that looks like results. A job the server stopped before it finished
/// (a restart, Ctrl+C) keeps its folder: the next server lists it as interrupted, to be resumed or removed. Finished
/// results are ordinary result folders, listed again after a restart.
/// </summary>
internal sealed class JobQueue : BackgroundService
{
    /// <summary>Prefix of the hidden folders of jobs that are not complete.</summary>
    public const string IncompletePrefix = ".incomplete-";

    /// <summary>A job's record in its folder.</summary>
    public const string RecordName = "job.json";

    private const string OutputName = "out";

    private static readonly System.Text.Json.JsonSerializerOptions RecordJson = new() { WriteIndented = true, PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase };

    private readonly Workspace workspace;
    private readonly IBatchRunner runner;
    private readonly Participation.Policies.PolicyCatalog catalog;
    private readonly Channel<Job> _queue = Channel.CreateUnbounded<Job>();
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Reads the jobs a previous server left unfinished (interrupted) and removes folders that hold no readable record.</summary>
    public JobQueue(Workspace workspace, IBatchRunner runner, Participation.Policies.PolicyCatalog catalog)
    {
        this.workspace = workspace;
        this.runner = runner;
        this.catalog = catalog;
        ReadInterrupted();
    }

    /// <summary>Most jobs waiting at once (a bound on what one client can pile up).</summary>
    public const int MaxQueued = 64;

    /// <summary>Every job since the server started and every interrupted one, newest first.</summary>
    public IReadOnlyList<Job> Jobs => _jobs.Values.OrderByDescending(j => j.Queued).ThenByDescending(j => j.Id.Length).ThenByDescending(j => j.Id, StringComparer.Ordinal).ToArray();

    /// <summary>The job <paramref name="id"/>.</summary>
    public Job Get(string id) => _jobs.TryGetValue(id, out var job) ? job : throw new WorkbenchRefusal(404, $"job = {Workspace.Shown(id)}: no such job");

    /// <summary>Queues a job, writing its record first (so a restart finds it).</summary>
    public Job Enqueue(string title, BatchRequest request)
    {
        if (_jobs.Values.Count(j => j.State == JobState.Queued) >= MaxQueued)
            throw new WorkbenchRefusal(409, $"queue: {MaxQueued} jobs are waiting already; cancel some or wait for them");
        string id = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        string folder = Path.Combine(workspace.Results, IncompletePrefix + id + "-" + Guid.NewGuid().ToString("N")[..8]);
        var job = new Job(id, title, request.Compare, request, folder, DateTimeOffset.UtcNow);
        var all = request.Variants.Prepend(request.Baseline).ToArray();
        var record = new JobRecord(id, title, request.Compare, all.Select(s => s.Name).ToArray(), [.. request.Files],
            all.Select(s => ScenarioJson.ToJson(s.Scenario)).ToArray(), request.MasterSeed, request.Replications, job.Queued);
        Directory.CreateDirectory(folder);
        Participation.Experiments.Results.ResultSet.WriteAtomic(folder, RecordName, w => w.Write(System.Text.Json.JsonSerializer.Serialize(record, RecordJson)));
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
            if (job.State == JobState.Queued)
            {
                job.State = JobState.Cancelled; job.Message = "cancelled before it started"; job.Finished = DateTimeOffset.UtcNow;
                Delete(job.Folder);
            }
        }
        return job;
    }

    /// <summary>Puts interrupted job <paramref name="id"/> back in the queue; it runs again from its start.</summary>
    public Job Resume(string id)
    {
        var job = Get(id);
        lock (job)
        {
            if (job.State != JobState.Interrupted)
                throw new WorkbenchRefusal(409, $"job = {Workspace.Shown(id)}: it is {job.State.ToString().ToLowerInvariant()}; expected an interrupted job to resume");
            if (job.Request is null) throw new WorkbenchRefusal(409, $"job = {Workspace.Shown(id)}: {job.Message}");
            if (_jobs.Values.Count(j => j.State == JobState.Queued) >= MaxQueued)
                throw new WorkbenchRefusal(409, $"queue: {MaxQueued} jobs are waiting already; cancel some or wait for them");
            job.Requeue();
        }
        _queue.Writer.TryWrite(job);
        return job;
    }

    /// <summary>Removes job <paramref name="id"/> from the list: an interrupted one with its folder (a finished one's results stay).</summary>
    public Job Remove(string id)
    {
        var job = Get(id);
        lock (job)
        {
            if (job.State is JobState.Queued or JobState.Running)
                throw new WorkbenchRefusal(409, $"job = {Workspace.Shown(id)}: it is {job.State.ToString().ToLowerInvariant()}; cancel it first");
            if (job.State == JobState.Interrupted) Delete(job.Folder);
            _jobs.TryRemove(id, out _);
        }
        return job;
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stopping))
        {
            // Off the host's thread: a batch runs for seconds to hours, on every core.
            await Task.Factory.StartNew(() => Execute(job, stopping), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Jobs still waiting keep their folders: the next server lists them as interrupted.
        foreach (var job in _jobs.Values)
            lock (job)
                if (job.State == JobState.Queued) { job.State = JobState.Interrupted; job.Message = "stopped with the server before it started"; }
    }

    private void Execute(Job job, CancellationToken stopping)
    {
        lock (job)
        {
            if (job.State != JobState.Queued || stopping.IsCancellationRequested) return; // cancelled while queued, or the server is stopping
            job.State = JobState.Running;
            job.Started = DateTimeOffset.UtcNow;
        }
        using var both = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation, stopping);
        string output = Path.Combine(job.Folder, OutputName);
        bool keep = false;
        try
        {
            if (!File.Exists(Path.Combine(job.Folder, RecordName))) throw new IOException($"{job.Folder}: the job's record is gone (the folder was removed while it waited)");
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true); // what an interrupted try left
            Directory.CreateDirectory(output);
            runner.Run(job.Request!, output, new Progress(job), both.Token);
            string final = FreshName(job.Request!);
            Directory.Move(output, workspace.ResultFolder(final));
            job.Result = final;
            job.Progress = 1;
            job.State = JobState.Done;
            job.Message = null;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException)))
        {
            // Stopped with the server: kept for the next one to resume. Cancelled by the user: gone.
            keep = stopping.IsCancellationRequested && !job.Cancellation.IsCancellationRequested;
            job.State = keep ? JobState.Interrupted : JobState.Cancelled;
            job.Message = keep ? "stopped with the server before it finished" : "cancelled";
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
            if (keep) Delete(output); else Delete(job.Folder);
        }
    }

    /// <summary>
    /// The jobs a server stopped before they finished, from their records: listed as interrupted. A hidden folder with no
    /// record that reads (a server killed while it was writing one) never held results and is removed.
    /// </summary>
    private void ReadInterrupted()
    {
        foreach (var dir in Directory.EnumerateDirectories(workspace.Results, IncompletePrefix + "*"))
        {
            if (new DirectoryInfo(dir).LinkTarget is not null) continue; // not one of ours
            JobRecord? record = null;
            try
            {
                string path = Path.Combine(dir, RecordName);
                if (File.Exists(path)) record = System.Text.Json.JsonSerializer.Deserialize<JobRecord>(Participation.Files.InputFile.ReadAllBytes(path), RecordJson);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or IOException or UnauthorizedAccessException) { }
            if (record is not { Id.Length: > 0, Names.Length: > 0 } || record.Scenarios.Length != record.Names.Length || _jobs.ContainsKey(record.Id))
            {
                Delete(dir);
                continue;
            }
            BatchRequest? request = null;
            string message = "interrupted: the server stopped before it finished; resume it (it runs again from its start) or remove it";
            try
            {
                // A record is a file in the workspace, so it is checked as a request is: names that make bare folder names, replications in range.
                foreach (string name in record.Names)
                    _ = workspace.ResultFolder(name);
                if (record.Replications is < 1 or > 100_000 || (record.Compare && (record.Replications < 2 || record.Names.Length < 2)))
                    throw new ScenarioException("replications", record.Replications.ToString(CultureInfo.InvariantCulture), "a whole number from 1 to 100000 (from 2 for a comparison of at least two scenarios)");
                var scenarios = record.Scenarios.Select(json => ScenarioLoader.LoadJson(json, null, catalog)).ToArray();
                var all = record.Names.Zip(scenarios, (n, s) => (n, s)).ToArray();
                request = new BatchRequest(record.Compare, all[0], all[1..], record.MasterSeed, record.Replications, record.Files);
            }
            catch (Exception e) when (e is ScenarioException or WorkbenchRefusal) { message = $"interrupted, and it cannot run again here: {e.Message}; remove it"; }
            var job = new Job(record.Id, record.Title, record.Compare, request, dir, record.Queued) { State = JobState.Interrupted, Message = message };
            _jobs[job.Id] = job;
            if (int.TryParse(record.Id, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) _next = Math.Max(_next, n);
        }
    }

    private static void Delete(string dir)
    {
        if (Directory.Exists(dir))
            try { Directory.Delete(dir, recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
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

    /// <summary>Writes progress into the job (read by the pages' polling); no synchronisation context.</summary>
    private sealed class Progress(Job job) : IProgress<double>
    {
        public void Report(double value) => job.Progress = value;
    }
}
