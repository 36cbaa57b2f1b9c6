using System.Text;
using System.Text.Json;

namespace Participation.Workbench;

/// <summary>A compound as the structure form edits it.</summary>
internal sealed record CompoundEdit(string? Type, int? Households, int? Buildings);

/// <summary>The structure form's edit of a scenario file: its calendar's dates and its compounds' type and sizes, and the version it edits.</summary>
internal sealed record StructureEdit(string? Version, Dictionary<string, string?>? Calendar, Dictionary<string, CompoundEdit>? Compounds)
{
    /// <summary>
    /// <paramref name="bytes"/> (a scenario file) with the values this edit sets written over the ones the file holds, and
    /// nothing else changed: comments, layout and every other key stay as they were. A key the file does not hold (it
    /// takes its default or its base's value) is refused, to be added in the text.
    /// </summary>
    public byte[] Apply(byte[] bytes, string file)
    {
        var wanted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, date) in Calendar ?? [])
            if (date is not null) wanted[$"calendar.{key}"] = JsonSerializer.Serialize(date.Trim());
        foreach (var (name, c) in Compounds ?? [])
        {
            if (c is null) continue;
            if (c.Type is not null) wanted[$"compounds.{name}.type"] = JsonSerializer.Serialize(c.Type.Trim());
            if (c.Households is { } h) wanted[$"compounds.{name}.households"] = h.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (c.Buildings is { } b) wanted[$"compounds.{name}.buildings"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var found = new List<(int Start, int End, string Value)>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        var path = new List<string>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(property ?? "");
                        property = null;
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        continue;
                }
                if (property is null) continue;
                string key = string.Join('.', path.Skip(1).Append(property));
                if (wanted.Remove(key, out var value)) found.Add(((int)reader.TokenStartIndex, (int)reader.BytesConsumed, value));
                property = null;
            }
        }
        catch (JsonException e) { throw new WorkbenchRefusal(400, $"{file}: (malformed JSON at line {e.LineNumber + 1}): expected valid JSON; fix it in the text first"); }
        if (wanted.Count > 0)
        {
            string key = wanted.Keys.Order(StringComparer.Ordinal).First();
            throw new WorkbenchRefusal(400, $"{key}: the file does not set it (it takes its default or its base's value); add it in the text to edit it here");
        }
        var output = new MemoryStream(bytes.Length + 64);
        int at = 0;
        foreach (var (start, end, value) in found.OrderBy(f => f.Start))
        {
            output.Write(bytes, at, start - at);
            output.Write(Encoding.UTF8.GetBytes(value));
            at = end;
        }
        output.Write(bytes, at, bytes.Length - at);
        return output.ToArray();
    }
}
