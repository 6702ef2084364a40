using System.Buffers;
using System.Text;
using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Writing;

/// <summary>
/// Prints a tree in canonical form: one directive per line, nested blocks indented, a blank line between
/// server blocks, words quoted only when the lexer would otherwise split or misread them. The output
/// always parses back to an equal tree; a word that cannot be written so that it reads back the same
/// (the lexer has no escape for a backslash before a quote) is refused with an exception.
/// </summary>
public static class CorefileWriter
{
    private static readonly SearchValues<char> QuoteTriggers = SearchValues.Create(" \t\r\n\v\f#\"");

    /// <summary>Prints <paramref name="document"/>.</summary>
    /// <exception cref="ArgumentException">A word in the tree cannot be printed faithfully.</exception>
    public static string Write(CorefileDocument document, CorefileWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        options ??= new CorefileWriterOptions();
        var output = new StringBuilder();
        for (var i = 0; i < document.ServerBlocks.Count; i++)
        {
            if (i > 0)
            {
                output.Append('\n');
            }

            WriteServerBlock(output, document.ServerBlocks[i], options);
        }

        if (options.IncludeComments)
        {
            WriteCommentLines(output, document.ClosingComments, string.Empty);
        }

        return output.ToString();
    }

    private static void WriteServerBlock(StringBuilder output, ServerBlock block, CorefileWriterOptions options)
    {
        if (block.Keys.Count == 0)
        {
            throw new ArgumentException("a server block needs at least one key.", nameof(block));
        }

        if (options.IncludeComments)
        {
            WriteCommentLines(output, block.Comments.Leading, string.Empty);
        }

        for (var i = 0; i < block.Keys.Count; i++)
        {
            var key = block.Keys[i].Value;
            if (key.EndsWith(',') || (block.Keys.Count == 1 && key is ['(', .., ')']))
            {
                throw new ArgumentException($"the server key '{key}' would read back as a continuation or a snippet.", nameof(block));
            }

            output.Append(i == 0 ? string.Empty : " ").Append(Word(key, i == 0));
        }

        output.Append(" {");
        WriteTrailing(output, block.Comments, options);
        output.Append('\n');
        WriteDirectives(output, block.Directives, options, options.Indent);
        if (options.IncludeComments)
        {
            WriteCommentLines(output, block.ClosingComments, options.Indent);
        }

        output.Append("}\n");
    }

    private static void WriteDirectives(StringBuilder output, IReadOnlyList<Directive> directives, CorefileWriterOptions options, string indent)
    {
        foreach (var directive in directives)
        {
            if (options.IncludeComments)
            {
                WriteCommentLines(output, directive.Comments.Leading, indent);
            }

            output.Append(indent).Append(Word(directive.Name.Value, atLineStart: true));
            foreach (var arg in directive.Args)
            {
                output.Append(' ').Append(Word(arg.Value, atLineStart: false));
            }

            if (directive.Block is { } block)
            {
                output.Append(" {");
                WriteTrailing(output, directive.Comments, options);
                output.Append('\n');
                WriteDirectives(output, block, options, indent + options.Indent);
                if (options.IncludeComments)
                {
                    WriteCommentLines(output, directive.ClosingComments, indent + options.Indent);
                }

                output.Append(indent).Append("}\n");
            }
            else
            {
                WriteTrailing(output, directive.Comments, options);
                output.Append('\n');
            }
        }
    }

    private static void WriteTrailing(StringBuilder output, Comments comments, CorefileWriterOptions options)
    {
        if (options.IncludeComments && comments.Trailing is { } trailing)
        {
            output.Append(" #").Append(trailing);
        }
    }

    private static void WriteCommentLines(StringBuilder output, IEnumerable<string> comments, string indent)
    {
        foreach (var comment in comments)
        {
            if (comment.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("a comment cannot span lines.", nameof(comments));
            }

            output.Append(indent).Append('#').Append(comment).Append('\n');
        }
    }

    /// <summary>Quotes a word when the lexer would otherwise split it, start a comment, or take it as a brace or an import.</summary>
    internal static string Word(string text, bool atLineStart)
    {
        var needsQuotes = text.Length == 0
            || text == "{" || text == "}"
            || (atLineStart
                && (text == "import"
                    || text[0] == '}'
                    || (text[0] == '{'
                        && !text.StartsWith("{$", StringComparison.Ordinal)
                        && !text.StartsWith("{%", StringComparison.Ordinal))))
            || text[0] == '"'
            || text.AsSpan().ContainsAny(QuoteTriggers)
            || text.Any(char.IsWhiteSpace);
        if (!needsQuotes)
        {
            return text;
        }

        // Inside quotes only \" is an escape, so a backslash that precedes a quote, or ends the word,
        // would be read back differently; such a word has no faithful spelling.
        if (text.Contains("\\\"", StringComparison.Ordinal) || text.EndsWith('\\'))
        {
            throw new ArgumentException($"the word '{text}' cannot be written so that it reads back unchanged.", nameof(text));
        }

        return "\"" + text.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
