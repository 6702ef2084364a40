using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NodeLocalDns.Operator.Tests.Support.Helm;

/// <summary>
/// Executes parsed templates with Go's semantics for the supported subset (truthiness, <c>with</c>/<c>range</c>
/// rebinding dot, <c>$</c> as the data an include was given) and the few Sprig/Helm functions the chart uses.
/// Stricter than Helm in one way, like <c>helm lint --strict</c>: a field missing from the values is an error, not
/// an empty string, so a typo in a template fails the test.
/// </summary>
internal sealed class TemplateEvaluator(IReadOnlyDictionary<string, List<TemplateNode>> defines)
{
    private const int MaxIncludeDepth = 20;

    /// <summary>Renders <paramref name="nodes"/> with <paramref name="data"/> as both dot and <c>$</c>.</summary>
    public string Render(IEnumerable<TemplateNode> nodes, object? data)
    {
        var output = new StringBuilder();
        Execute(nodes, new TemplateScope(data, data, 0), output);
        return output.ToString();
    }

    /// <summary>Go's truthiness: false, 0, nil, and empty strings, maps and lists are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        long number => number != 0,
        double number => number != 0,
        string text => text.Length > 0,
        Dictionary<string, object?> map => map.Count > 0,
        List<object?> list => list.Count > 0,
        _ => true,
    };

    private void Execute(IEnumerable<TemplateNode> nodes, TemplateScope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node.Kind)
            {
                case TemplateNodeKind.Text:
                    output.Append(node.Text);
                    break;
                case TemplateNodeKind.Action:
                    output.Append(Print(Evaluate(node.Pipeline!, scope, node.Location), node.Location));
                    break;
                case TemplateNodeKind.If:
                    Execute(IsTrue(Evaluate(node.Pipeline!, scope, node.Location)) ? node.Body : node.Else, scope, output);
                    break;
                case TemplateNodeKind.With:
                    var value = Evaluate(node.Pipeline!, scope, node.Location);
                    Execute(IsTrue(value) ? node.Body : node.Else, IsTrue(value) ? scope with { Dot = value } : scope, output);
                    break;
                case TemplateNodeKind.Range:
                    var items = Evaluate(node.Pipeline!, scope, node.Location) switch
                    {
                        null => [],
                        List<object?> list => list,
                        var other => throw new TemplateException($"{node.Location}: range over {other.GetType().Name} is not supported (lists only)"),
                    };
                    if (items.Count == 0)
                    {
                        Execute(node.Else, scope, output);
                    }

                    foreach (var item in items)
                    {
                        Execute(node.Body, scope with { Dot = item }, output);
                    }

                    break;
                default:
                    throw new TemplateException($"{node.Location}: unknown node {node.Kind}");
            }
        }
    }

    private object? Evaluate(TemplateExpression expression, TemplateScope scope, string location)
    {
        switch (expression.Kind)
        {
            case TemplateExpressionKind.Literal:
                return expression.Value;
            case TemplateExpressionKind.Field:
                return Walk(scope.Dot, expression.Names, ".", location);
            case TemplateExpressionKind.Root:
                return Walk(scope.Root, expression.Names, "$.", location);
            case TemplateExpressionKind.Call:
                return Call(expression.Names[0], [.. expression.Items.Select(a => Evaluate(a, scope, location))], scope, location);
            case TemplateExpressionKind.Pipeline:
                var value = Evaluate(expression.Items[0], scope, location);
                foreach (var command in expression.Items.Skip(1))
                {
                    if (command.Kind != TemplateExpressionKind.Call)
                    {
                        throw new TemplateException($"{location}: only a function can follow '|'");
                    }

                    value = Call(command.Names[0], [.. command.Items.Select(a => Evaluate(a, scope, location)), value], scope, location);
                }

                return value;
            default:
                throw new TemplateException($"{location}: unknown expression {expression.Kind}");
        }
    }

    private static object? Walk(object? value, IReadOnlyList<string> names, string prefix, string location)
    {
        var path = prefix;
        foreach (var name in names)
        {
            path += (path.EndsWith('.') ? string.Empty : ".") + name;
            if (value is not Dictionary<string, object?> map)
            {
                throw new TemplateException($"{location}: {path}: cannot take a field of {Describe(value)}");
            }

            if (!map.TryGetValue(name, out value))
            {
                throw new TemplateException($"{location}: {path} is not defined (missing from values.yaml?)");
            }
        }

        return value;
    }

    private object? Call(string name, object?[] arguments, TemplateScope scope, string location)
    {
        void Arity(int count)
        {
            if (arguments.Length != count)
            {
                throw new TemplateException($"{location}: {name} takes {count} argument(s), got {arguments.Length}");
            }
        }

        switch (name)
        {
            case "include":
                Arity(2);
                var template = arguments[0] as string ?? throw new TemplateException($"{location}: include needs a template name");
                if (!defines.TryGetValue(template, out var body))
                {
                    throw new TemplateException($"{location}: no template \"{template}\" is defined");
                }

                if (scope.Depth >= MaxIncludeDepth)
                {
                    throw new TemplateException($"{location}: include nested too deeply");
                }

                var output = new StringBuilder();
                Execute(body, new TemplateScope(arguments[1], arguments[1], scope.Depth + 1), output);
                return output.ToString();
            case "toYaml":
                Arity(1);
                return YamlValues.ToYaml(arguments[0]);
            case "nindent":
                Arity(2);
                return "\n" + Indent(Integer(arguments[0], name, location), Print(arguments[1], location));
            case "indent":
                Arity(2);
                return Indent(Integer(arguments[0], name, location), Print(arguments[1], location));
            case "quote":
                return string.Join(' ', arguments.Where(a => a is not null)
                    .Select(a => JsonSerializer.Serialize(Print(a, location), YamlValues.QuotingOptions)));
            case "default":
                Arity(2);
                return IsTrue(arguments[1]) ? arguments[1] : arguments[0];
            case "trunc":
                Arity(2);
                var length = Integer(arguments[0], name, location);
                var text = Print(arguments[1], location);
                return text.Length > length ? text[..(int)length] : text;
            case "trimSuffix":
                Arity(2);
                var suffix = Print(arguments[0], location);
                var value = Print(arguments[1], location);
                return suffix.Length > 0 && value.EndsWith(suffix, StringComparison.Ordinal) ? value[..^suffix.Length] : value;
            case "replace":
                Arity(3);
                return Print(arguments[2], location).Replace(Print(arguments[0], location), Print(arguments[1], location), StringComparison.Ordinal);
            case "contains":
                Arity(2);
                return Print(arguments[1], location).Contains(Print(arguments[0], location), StringComparison.Ordinal);
            case "printf":
                return Printf(Print(arguments[0], location), arguments[1..], location);
            case "join":
                Arity(2);
                var items = arguments[1] as List<object?> ?? throw new TemplateException($"{location}: join needs a list");
                return string.Join(Print(arguments[0], location), items.Select(i => Print(i, location)));
            case "and":
                return arguments.FirstOrDefault(a => !IsTrue(a), arguments.LastOrDefault());
            case "or":
                return arguments.FirstOrDefault(IsTrue, arguments.LastOrDefault());
            case "not":
                Arity(1);
                return !IsTrue(arguments[0]);
            default:
                throw new TemplateException($"{location}: function '{name}' is not supported by the test renderer");
        }
    }

    private static string Printf(string format, object?[] arguments, string location)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                output.Append(format[i]);
                continue;
            }

            var verb = ++i < format.Length ? format[i] : throw new TemplateException($"{location}: printf format ends with %");
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }

            if (verb is not ('s' or 'd' or 'v') || next >= arguments.Length)
            {
                throw new TemplateException($"{location}: printf %{verb} is not supported or has no argument");
            }

            output.Append(Print(arguments[next++], location));
        }

        return output.ToString();
    }

    private static long Integer(object? value, string function, string location) =>
        value as long? ?? throw new TemplateException($"{location}: {function} needs an integer, got {Describe(value)}");

    private static string Indent(long width, string text)
    {
        var pad = new string(' ', (int)width);
        return pad + text.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    /// <summary>How Go prints a value in <c>{{ }}</c>; nil prints as Helm prints it (empty).</summary>
    private static string Print(object? value, string location) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        long number => number.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new TemplateException($"{location}: printing {Describe(value)} directly; use toYaml"),
    };

    private static string Describe(object? value) => value?.GetType().Name ?? "nil";
}
