using System.Text;

namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// Splits Corefile text into tokens, with the rules of CoreDNS's Caddyfile lexer:
/// tokens are separated by white space; <c>#</c> outside quotes starts a comment that runs to the end
/// of the line (even in the middle of a word, as in Caddy); a double-quoted string is one token and may
/// span lines; inside quotes only <c>\"</c> is an escape, every other backslash is kept as written.
/// Braces are ordinary characters here: whether a <c>{</c> opens a block is the parser's decision.
/// </summary>
public static class Lexer
{
    /// <summary>Tokenizes <paramref name="text"/>, read from <paramref name="file"/>.</summary>
    /// <param name="text">The Corefile text.</param>
    /// <param name="file">The file name (or ConfigMap key) used in positions.</param>
    /// <param name="keepComments">Emit <see cref="TokenKind.Comment"/> tokens instead of dropping comments.</param>
    /// <exception cref="CorefileException">An opening quote has no closing quote.</exception>
    public static IReadOnlyList<Token> Tokenize(string text, string file, bool keepComments = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var value = new StringBuilder();
        int line = 1, column = 1;
        var i = 0;

        // A UTF-8 byte order mark is an encoding artefact, not part of the first key.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }

        while (i < text.Length)
        {
            var ch = text[i];
            if (ch == '\n')
            {
                line++;
                column = 1;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(ch))
            {
                column++;
                i++;
                continue;
            }

            var start = new SourcePosition(file, line, column);
            if (ch == '#')
            {
                var end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                if (keepComments)
                {
                    tokens.Add(new Token(text[(i + 1)..end].TrimEnd(), TokenKind.Comment, start, line));
                }

                column += end - i;
                i = end;
                continue;
            }

            value.Clear();
            if (ch == '"')
            {
                i++;
                column++;
                var closed = false;
                while (i < text.Length)
                {
                    var c = text[i];
                    if (c == '\\' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        value.Append('"');
                        i += 2;
                        column += 2;
                        continue;
                    }

                    if (c == '"')
                    {
                        i++;
                        column++;
                        closed = true;
                        break;
                    }

                    if (c == '\n')
                    {
                        line++;
                        column = 1;
                    }
                    else
                    {
                        column++;
                    }

                    value.Append(c);
                    i++;
                }

                if (!closed)
                {
                    throw new CorefileException(start, "this quoted string is never closed: add the missing '\"'.");
                }

                tokens.Add(new Token(value.ToString(), TokenKind.Quoted, start, line));
                continue;
            }

            // A bare word runs until white space or a comment.
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '#')
            {
                value.Append(text[i]);
                i++;
                column++;
            }

            tokens.Add(new Token(value.ToString(), TokenKind.Word, start, line));
        }

        return tokens;
    }
}
