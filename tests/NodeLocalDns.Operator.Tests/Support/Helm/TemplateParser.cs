using System.Globalization;
using System.Text;

namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>
/// Parses the subset of Go's text/template that the chart uses: text, <c>{{ pipeline }}</c>, comments, the
/// <c>{{-</c>/<c>-}}</c> whitespace trimming, <c>if</c>/<c>else if</c>/<c>else</c>, <c>with</c>, <c>range</c>,
/// <c>define</c>, field chains on <c>.</c> and <c>$</c>, string/number/boolean literals, parentheses and pipes.
/// Anything else (variables, <c>template</c>, <c>block</c>, method calls) is rejected, so a template cannot
/// silently use a construct this renderer would get wrong.
/// </summary>
internal sealed class TemplateParser
{
    private readonly string _file;
    private readonly List<TemplateSegment> _segments;
    private int _position;

    private TemplateParser(string file, List<TemplateSegment> segments)
    {
        _file = file;
        _segments = segments;
    }

    /// <summary>Parses <paramref name="text"/>; the <c>define</c>d templates go into <paramref name="defines"/>.</summary>
    public static List<TemplateNode> Parse(string file, string text, IDictionary<string, List<TemplateNode>> defines)
    {
        var parser = new TemplateParser(file, Split(file, text));
        var nodes = parser.ParseList(defines, out var terminator);
        if (terminator is not null)
        {
            throw new TemplateException($"{file}: unexpected {{{{{terminator}}}}}");
        }

        return nodes;
    }

    private List<TemplateNode> ParseList(IDictionary<string, List<TemplateNode>> defines, out string? terminator)
    {
        var nodes = new List<TemplateNode>();
        while (_position < _segments.Count)
        {
            var segment = _segments[_position++];
            if (segment.Tokens is null)
            {
                if (segment.Text.Length > 0)
                {
                    nodes.Add(new TemplateNode { Kind = TemplateNodeKind.Text, Text = segment.Text });
                }

                continue;
            }

            var tokens = segment.Tokens;
            if (tokens.Count == 0)
            {
                continue; // a comment
            }

            var location = $"{_file}:{segment.Line}";
            switch (tokens[0])
            {
                case "end":
                    terminator = "end";
                    return nodes;
                case "else":
                    terminator = "else";
                    // Leave the rest of "else if ..." for the caller.
                    _segments[_position - 1] = segment with { Tokens = tokens.Skip(1).ToList() };
                    return nodes;
                case "if" or "with" or "range":
                    nodes.Add(ParseBlock(tokens, location, defines));
                    break;
                case "define":
                    if (tokens.Count != 2 || !tokens[1].StartsWith('"'))
                    {
                        throw new TemplateException($"{location}: define takes one quoted name");
                    }

                    var body = ParseList(defines, out var end);
                    if (end != "end")
                    {
                        throw new TemplateException($"{location}: define without end");
                    }

                    defines[Unquote(tokens[1])] = body;
                    break;
                case "template" or "block" or "break" or "continue":
                    throw new TemplateException($"{location}: '{tokens[0]}' is not supported by the test renderer; use include");
                default:
                    nodes.Add(new TemplateNode { Kind = TemplateNodeKind.Action, Pipeline = ParsePipeline(tokens, location), Location = location });
                    break;
            }
        }

        terminator = null;
        return nodes;
    }

    private TemplateNode ParseBlock(List<string> tokens, string location, IDictionary<string, List<TemplateNode>> defines)
    {
        var kind = tokens[0] switch { "if" => TemplateNodeKind.If, "with" => TemplateNodeKind.With, _ => TemplateNodeKind.Range };
        var pipeline = ParsePipeline(tokens.Skip(1).ToList(), location);
        var body = ParseList(defines, out var terminator);
        var otherwise = new List<TemplateNode>();
        if (terminator == "else")
        {
            var rest = _segments[_position - 1].Tokens!;
            if (rest.Count > 0 && rest[0] == "if" && kind == TemplateNodeKind.If)
            {
                // {{ else if p }} is {{ else }}{{ if p }} ... sharing the outer {{ end }}.
                otherwise.Add(ParseBlock(rest, location, defines));
                terminator = "end";
            }
            else if (rest.Count > 0)
            {
                throw new TemplateException($"{location}: unsupported else clause '{string.Join(' ', rest)}'");
            }
            else
            {
                otherwise = ParseList(defines, out terminator);
            }
        }

        if (terminator != "end")
        {
            throw new TemplateException($"{location}: {tokens[0]} without end");
        }

        return new TemplateNode { Kind = kind, Pipeline = pipeline, Body = body, Else = otherwise, Location = location };
    }

    private static TemplateExpression ParsePipeline(List<string> tokens, string location)
    {
        var position = 0;
        var pipeline = ParsePipeline(tokens, ref position, location);
        if (position != tokens.Count)
        {
            throw new TemplateException($"{location}: unexpected '{tokens[position]}'");
        }

        return pipeline;
    }

    private static TemplateExpression ParsePipeline(List<string> tokens, ref int position, string location)
    {
        var commands = new List<TemplateExpression> { ParseCommand(tokens, ref position, location) };
        while (position < tokens.Count && tokens[position] == "|")
        {
            position++;
            commands.Add(ParseCommand(tokens, ref position, location));
        }

        return commands.Count == 1 ? commands[0] : new TemplateExpression { Kind = TemplateExpressionKind.Pipeline, Items = commands };
    }

    private static TemplateExpression ParseCommand(List<string> tokens, ref int position, string location)
    {
        if (position >= tokens.Count)
        {
            throw new TemplateException($"{location}: missing value");
        }

        var first = tokens[position];
        if (char.IsLetter(first[0]) && first is not ("true" or "false" or "nil"))
        {
            position++;
            var arguments = new List<TemplateExpression>();
            while (position < tokens.Count && tokens[position] is not ("|" or ")"))
            {
                arguments.Add(ParseOperand(tokens, ref position, location));
            }

            return new TemplateExpression { Kind = TemplateExpressionKind.Call, Names = [first], Items = arguments };
        }

        var operand = ParseOperand(tokens, ref position, location);
        if (position < tokens.Count && tokens[position] is not ("|" or ")"))
        {
            throw new TemplateException($"{location}: '{tokens[position]}' after a value (method calls are not supported)");
        }

        return operand;
    }

    private static TemplateExpression ParseOperand(List<string> tokens, ref int position, string location)
    {
        var token = tokens[position++];
        if (token == "(")
        {
            var inner = ParsePipeline(tokens, ref position, location);
            if (position >= tokens.Count || tokens[position] != ")")
            {
                throw new TemplateException($"{location}: missing ')'");
            }

            position++;
            return inner;
        }

        if (token.StartsWith('"'))
        {
            return new TemplateExpression { Kind = TemplateExpressionKind.Literal, Value = Unquote(token) };
        }

        if (token is "true" or "false")
        {
            return new TemplateExpression { Kind = TemplateExpressionKind.Literal, Value = token == "true" };
        }

        if (token == "nil")
        {
            return new TemplateExpression { Kind = TemplateExpressionKind.Literal, Value = null };
        }

        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return new TemplateExpression { Kind = TemplateExpressionKind.Literal, Value = number };
        }

        if (token.StartsWith('.'))
        {
            return new TemplateExpression { Kind = TemplateExpressionKind.Field, Names = FieldNames(token[1..], location) };
        }

        if (token.StartsWith('$'))
        {
            if (token.Length > 1 && token[1] != '.')
            {
                throw new TemplateException($"{location}: variables ({token}) are not supported by the test renderer");
            }

            return new TemplateExpression { Kind = TemplateExpressionKind.Root, Names = token.Length > 1 ? FieldNames(token[2..], location) : [] };
        }

        if (char.IsLetter(token[0]))
        {
            // A function with no arguments used as a value, e.g. (now).
            return new TemplateExpression { Kind = TemplateExpressionKind.Call, Names = [token] };
        }

        throw new TemplateException($"{location}: unexpected '{token}'");
    }

    private static string[] FieldNames(string chain, string location)
    {
        if (chain.Length == 0)
        {
            return [];
        }

        var names = chain.Split('.');
        if (names.Any(n => n.Length == 0 || !n.All(c => char.IsLetterOrDigit(c) || c == '_')))
        {
            throw new TemplateException($"{location}: bad field chain '.{chain}'");
        }

        return names;
    }

    private static string Unquote(string literal)
    {
        var text = new StringBuilder();
        for (var i = 1; i < literal.Length - 1; i++)
        {
            var c = literal[i];
            if (c == '\\')
            {
                c = literal[++i] switch { 'n' => '\n', 't' => '\t', var other => other };
            }

            text.Append(c);
        }

        return text.ToString();
    }

    /// <summary>Splits the file into text and actions, applying the trim markers, and tokenizes each action.</summary>
    private static List<TemplateSegment> Split(string file, string text)
    {
        var segments = new List<TemplateSegment>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(new TemplateSegment(text[position..], null, 0));
                break;
            }

            var line = text.AsSpan(0, open).Count('\n') + 1;
            var literal = text[position..open];
            var start = open + 2;
            if (start + 1 < text.Length && text[start] == '-' && char.IsWhiteSpace(text[start + 1]))
            {
                literal = literal.TrimEnd();
                start += 2;
            }

            segments.Add(new TemplateSegment(literal, null, 0));
            var close = FindClose(text, start, file, line);
            var body = text[start..close];
            var trimRight = body.Length >= 2 && body[^1] == '-' && char.IsWhiteSpace(body[^2]);
            if (trimRight)
            {
                body = body[..^1];
            }

            segments.Add(new TemplateSegment(string.Empty, Tokenize(body.Trim(), $"{file}:{line}"), line));
            position = close + 2;
            if (trimRight)
            {
                while (position < text.Length && char.IsWhiteSpace(text[position]))
                {
                    position++;
                }
            }
        }

        return segments;
    }

    private static int FindClose(string text, int start, string file, int line)
    {
        var inString = false;
        for (var i = start; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '}' && text[i + 1] == '}')
            {
                return i;
            }
        }

        throw new TemplateException($"{file}:{line}: unclosed action");
    }

    private static List<string> Tokenize(string body, string location)
    {
        var tokens = new List<string>();
        if (body.StartsWith("/*", StringComparison.Ordinal))
        {
            if (!body.EndsWith("*/", StringComparison.Ordinal))
            {
                throw new TemplateException($"{location}: a comment must be the whole action");
            }

            return tokens;
        }

        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '|')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '"')
            {
                var end = i + 1;
                while (end < body.Length && body[end] != '"')
                {
                    end += body[end] == '\\' ? 2 : 1;
                }

                if (end >= body.Length)
                {
                    throw new TemplateException($"{location}: unterminated string");
                }

                tokens.Add(body[i..(end + 1)]);
                i = end + 1;
            }
            else if (c is '`' or '\'' or ':' or '=' or ',')
            {
                throw new TemplateException($"{location}: '{c}' is not supported by the test renderer");
            }
            else
            {
                var end = i;
                while (end < body.Length && !char.IsWhiteSpace(body[end]) && body[end] is not ('(' or ')' or '|' or '"'))
                {
                    end++;
                }

                tokens.Add(body[i..end]);
                i = end;
            }
        }

        return tokens;
    }
}
