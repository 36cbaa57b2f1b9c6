namespace Participation.Experiments;

/// <summary>
/// An experiment (a batch, a sweep, merged runs) that cannot be run or read as asked: a resume of another batch, a
/// checkpoint of other seeds, a batch too large for memory, a folder that is not a merge of this experiment's shards. The
/// message is one line that starts with the setting it concerns, named as the request's member in camelCase (which is
/// also the command line's option: <c>resume: …</c>, <c>from results/x/checkpoint.bin: …</c>), then the value and what
/// was expected. Nothing was run or written when it is thrown, except what the message says is kept.
/// </summary>
/// <param name="message">The setting, its value and what is expected.</param>
public sealed class ExperimentException(string message) : Exception(message);
