namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// One step of an import chain: which snippet or file was imported, and where the <c>import</c> line was.
/// Frames form an immutable linked list from the innermost import outwards.
/// </summary>
public sealed record ImportFrame(string Target, SourcePosition ImportedAt, ImportFrame? Outer)
{
    /// <summary>True when <paramref name="target"/> is already being imported somewhere up this chain.</summary>
    public bool Contains(string target)
    {
        for (var frame = this; frame is not null; frame = frame.Outer)
        {
            if (frame.Target == target)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The chain from the outermost import to this one, e.g. <c>a (Corefile:3:5) → b (Corefile:7:5)</c>.</summary>
    public string Describe()
    {
        var frames = new List<string>();
        for (var frame = this; frame is not null; frame = frame.Outer)
        {
            frames.Add($"'{frame.Target}' ({frame.ImportedAt})");
        }

        frames.Reverse();
        return string.Join(" → ", frames);
    }
}
