using NodeLocalDns.Corefile.Model;

namespace NodeLocalDns.Corefile.Syntax;

/// <summary>
/// Reads Corefile text into a <see cref="CorefileDocument"/>, following CoreDNS's Caddyfile grammar:
/// <list type="bullet">
/// <item>A server block is one or more keys (several per line, or comma-continued onto the next line)
/// followed by <c>{</c>, which may also start the next line, and closed by <c>}</c>. A file holding a
/// single block may omit the braces.</item>
/// <item>A directive is a name and its arguments on one line, optionally followed by a nested block that
/// opens with <c>{</c> at the end of that line.</item>
/// <item><c>(name) { ... }</c> at the top level defines a snippet; <c>import X</c> at the start of a line
/// is replaced by snippet X or by the files matching X (one wildcard at most), before it is parsed.</item>
/// </list>
/// Deliberately stricter than CoreDNS where CoreDNS silently does something surprising (a block without
/// a key is dropped there, an error here; tokens after a <c>}</c> on the same line are appended to the
/// directive there, an error here) and more lenient in one place: a <c>}</c> may end a line that holds
/// a directive, so <c>cache { success 9984 30 }</c> reads as a block.
/// </summary>
public sealed class CorefileParser
{
    private readonly List<Token> _tokens;
    private readonly ParseOptions _options;
    private readonly Dictionary<string, (IReadOnlyList<Token> Tokens, SourcePosition DefinedAt)> _snippets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pathsByDisplayName = new(StringComparer.Ordinal);
    private readonly List<CorefileWarning> _warnings = [];
    private readonly List<string> _carriedComments = [];
    private int _index;
    private Token? _previous;
    private int _snippetExpansions;
    private int _fileExpansions;

    private CorefileParser(string text, ParseOptions options)
    {
        _options = options;
        _pathsByDisplayName[options.FileName] = PathPattern.Resolve(options.Directory, options.FileName);
        _tokens = [.. Lexer.Tokenize(text, options.FileName, options.KeepComments)];
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="CorefileException">The text is not a valid Corefile; the message says where and why.</exception>
    public static CorefileDocument Parse(string text, ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new CorefileParser(text, options ?? new ParseOptions());
        return parser.ParseDocument();
    }

    private bool AtEnd => _index >= _tokens.Count;

    private CorefileDocument ParseDocument()
    {
        var blocks = new List<ServerBlock>();
        while (true)
        {
            var leading = TakeComments();
            if (AtEnd)
            {
                return new CorefileDocument(new ValueList<ServerBlock>(blocks), new ValueList<string>(leading)) { Warnings = [.. _warnings] };
            }

            var token = Current;
            if (token.IsImport && StartsLine(token))
            {
                _carriedComments.AddRange(leading);
                ExpandImport();
                continue;
            }

            var block = ParseServerBlockOrSnippet(leading, blocks.Count == 0);
            if (block is not null)
            {
                blocks.Add(block);
            }
        }
    }

    private ServerBlock? ParseServerBlockOrSnippet(List<string> leading, bool isFirst)
    {
        var first = Current;
        var keys = new List<Argument>();
        string? trailing = null;
        var expectingAnother = false;
        while (true)
        {
            var token = Current;
            if (token.IsImport && StartsLine(token) && expectingAnother)
            {
                ExpandImport();
                SkipCommentsInto(leading);
                if (AtEnd)
                {
                    throw Error(first, "the server keys end with ',' but no key follows it.");
                }

                continue;
            }

            if (token.IsOpenBrace)
            {
                if (expectingAnother)
                {
                    throw Error(token, "expected another server key after the trailing ',' but found '{': remove the comma.");
                }

                break;
            }

            if (token.IsCloseBrace)
            {
                throw Error(token, "unexpected '}': there is no open block to close here.");
            }

            var text = Expand(token.Text);
            if (text.Length > 0)
            {
                expectingAnother = text.EndsWith(',');
                var key = expectingAnother ? text[..^1] : text;
                if (key.Length > 0)
                {
                    keys.Add(new Argument(key, token.Position));
                }
            }

            Consume();
            if (expectingAnother)
            {
                SkipCommentsInto(leading);
            }
            else if (TakeTrailingComment(token) is { } comment)
            {
                trailing = comment;
            }

            if (AtEnd)
            {
                if (expectingAnother)
                {
                    throw Error(token, "the server keys end with ',' but no key follows it.");
                }

                break;
            }

            if (!expectingAnother && StartsLine(Current) && !Current.IsOpenBrace)
            {
                break;
            }

            if (!expectingAnother && StartsLine(Current) && Current.IsOpenBrace)
            {
                // CoreDNS accepts the opening brace at the start of the line after the keys.
                continue;
            }
        }

        if (keys.Count == 0)
        {
            throw Error(first, "this block has no key: put the zone it serves before '{', for example '.:53 {'.");
        }

        leading.InsertRange(0, _carriedComments);
        _carriedComments.Clear();

        if (keys.Count == 1 && keys[0].Value is ['(', .., ')'] snippetKey)
        {
            DefineSnippet(keys[0], snippetKey[1..^1]);
            _carriedComments.AddRange(leading);
            return null;
        }

        if (AtEnd)
        {
            // A line of keys and nothing else: CoreDNS accepts it as a server with no plugins.
            return new ServerBlock(new ValueList<Argument>(keys), ValueList<Directive>.Empty, new Comments(new ValueList<string>(leading), trailing), ValueList<string>.Empty);
        }

        if (Current.IsOpenBrace)
        {
            var open = Current;
            Consume();
            trailing ??= TakeTrailingComment(open);
            var (directives, closing) = ParseDirectives(open);
            return new ServerBlock(new ValueList<Argument>(keys), directives, new Comments(new ValueList<string>(leading), trailing), closing);
        }

        if (!isFirst)
        {
            throw Error(Current, $"expected '{{' to open the server block for '{keys[0].Value}' ({keys[0].Position}); '{Current.Text}' cannot start it.");
        }

        // A single server block may be written without braces: everything after the keys is its body.
        // What follows must then look like a plugin name; otherwise a '{' was most likely forgotten.
        if (Current.Kind != TokenKind.Word || !LooksLikePluginName(Expand(Current.Text)))
        {
            throw Error(Current, $"'{Current.Text}' cannot start a directive: did you forget '{{' after the server keys '{string.Join(' ', keys.Select(k => k.Value))}' ({keys[0].Position})?");
        }

        var (body, rest) = ParseDirectives(null);
        return new ServerBlock(new ValueList<Argument>(keys), body, new Comments(new ValueList<string>(leading), trailing), rest);
    }

    private static bool LooksLikePluginName(string text) =>
        text.Length > 0 && char.IsAsciiLetterLower(text[0]) && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private void DefineSnippet(Argument key, string name)
    {
        if (AtEnd || !Current.IsOpenBrace)
        {
            throw Error(AtEnd ? _previous!.Value : Current, $"snippet '{name}' must be followed by '{{' on its line.");
        }

        if (_snippets.TryGetValue(name, out var existing))
        {
            throw Error(key.Position, $"snippet '{name}' is defined twice; it was first defined at {existing.DefinedAt}.");
        }

        var open = Current;
        Consume();
        var start = _index;
        var depth = 1;
        while (!AtEnd)
        {
            var token = _tokens[_index];
            if (token.Kind != TokenKind.Comment)
            {
                if (token.IsOpenBrace)
                {
                    depth++;
                }
                else if (token.IsCloseBrace && --depth == 0)
                {
                    break;
                }
            }

            _index++;
        }

        if (depth != 0)
        {
            throw Error(open, $"the block of snippet '{name}' opened here is never closed: add '}}'.");
        }

        var body = _tokens.GetRange(start, _index - start);
        _previous = _tokens[_index];
        _index++;
        RejectTokensAfterClosingBrace(_previous.Value);
        _snippets[name] = (body, key.Position);
    }

    /// <summary>Parses directives until the <c>}</c> matching <paramref name="open"/> (or the end of input when it is null).</summary>
    private (ValueList<Directive> Directives, ValueList<string> ClosingComments) ParseDirectives(Token? open)
    {
        var directives = new List<Directive>();
        while (true)
        {
            var leading = TakeComments();
            if (AtEnd)
            {
                if (open is { } o)
                {
                    throw Error(o, "the block opened here is never closed: add the missing '}'.");
                }

                return (new ValueList<Directive>(directives), new ValueList<string>(leading));
            }

            var token = Current;
            if (token.IsCloseBrace)
            {
                if (open is null)
                {
                    throw Error(token, "unexpected '}': there is no open block to close (is a '{' missing after the server keys?).");
                }

                Consume();
                if (TakeTrailingComment(token) is { } comment)
                {
                    leading.Add(comment);
                }

                RejectTokensAfterClosingBrace(token);
                leading.InsertRange(0, _carriedComments);
                _carriedComments.Clear();
                return (new ValueList<Directive>(directives), new ValueList<string>(leading));
            }

            if (token.IsOpenBrace)
            {
                throw Error(token, "'{' must end the line of the directive or server keys it belongs to; it cannot start a line of its own here.");
            }

            if (token.IsImport && StartsLine(token))
            {
                _carriedComments.AddRange(leading);
                ExpandImport();
                continue;
            }

            leading.InsertRange(0, _carriedComments);
            _carriedComments.Clear();
            directives.Add(ParseDirective(leading));
        }
    }

    private Directive ParseDirective(List<string> leading)
    {
        var nameToken = Current;
        Consume();
        var name = Expand(nameToken.Text);
        if (nameToken.Kind == TokenKind.Word && name.Length > 1 && name.AsSpan().TrimStart("{}").IsEmpty)
        {
            throw Error(nameToken, $"'{name}' is not a directive: put each brace on its own or separate braces with spaces.");
        }

        if (nameToken.Kind == TokenKind.Word && name.Length > 1 && (name[0] == '}' || (name[0] == '{' && name[1] is not ('$' or '%'))))
        {
            throw Error(nameToken, $"'{name}' starts with a brace glued to other characters; separate the brace from them with a space.");
        }

        var args = new List<Argument>();
        ValueList<Directive>? block = null;
        var closing = ValueList<string>.Empty;
        string? trailing = null;
        var last = nameToken;
        while (!AtEnd)
        {
            var token = _tokens[_index];
            if (token.Kind == TokenKind.Comment || StartsLine(token))
            {
                break;
            }

            if (token.IsCloseBrace)
            {
                // CoreDNS reads this '}' as one more argument and then fails; most often a block was
                // folded onto one line (a YAML value written without '|').
                throw Error(token, $"this '}}' must start a line of its own; here it ends the line of '{name}' ({nameToken.Position}). Was the block folded onto one line?");
            }

            Consume();
            if (token.IsOpenBrace)
            {
                trailing = TakeTrailingComment(token);
                (block, closing) = ParseDirectives(token);
                break;
            }

            args.Add(new Argument(Expand(token.Text), token.Position));
            last = token;
        }

        if (block is null)
        {
            trailing = TakeTrailingComment(last);
        }

        return new Directive(new Argument(name, nameToken.Position), new ValueList<Argument>(args), block, new Comments(new ValueList<string>(leading), trailing), closing);
    }

    private void ExpandImport()
    {
        var importToken = Current;
        var importIndex = _index;
        Consume();
        if (AtEnd || _tokens[_index].Kind == TokenKind.Comment || StartsLine(_tokens[_index]))
        {
            throw Error(importToken, "import needs one argument: the name of a snippet or a file/glob pattern.");
        }

        var argument = Current;
        Consume();
        if (!AtEnd && _tokens[_index].Kind != TokenKind.Comment && !StartsLine(_tokens[_index]))
        {
            throw Error(_tokens[_index], $"import takes one argument (a snippet name or a file/glob pattern); remove '{_tokens[_index].Text}'.");
        }

        TakeTrailingComment(argument);
        var pattern = Expand(argument.Text);
        if (pattern.Length == 0)
        {
            throw Error(argument, "import needs a non-empty snippet name or file pattern.");
        }

        var imported = _snippets.TryGetValue(pattern, out var snippet)
            ? ImportSnippet(importToken, argument, pattern, snippet.Tokens)
            : ImportFiles(importToken, argument, pattern);

        // Splice the imported tokens where the import line was, as CoreDNS does, so they are parsed
        // in its place with the grammar of wherever the import appeared.
        _tokens.RemoveRange(importIndex, _index - importIndex);
        _tokens.InsertRange(importIndex, imported);
        _index = importIndex;
    }

    private List<Token> ImportSnippet(Token importToken, Token argument, string name, IReadOnlyList<Token> body)
    {
        var target = "snippet " + name;
        if (importToken.Via?.Contains(target) == true)
        {
            throw Error(argument, $"import cycle: {importToken.Via.Describe()} → '{target}' again; a snippet cannot import itself, directly or through others.");
        }

        if (++_snippetExpansions > _options.MaxImportExpansions)
        {
            throw Error(importToken, $"more than {_options.MaxImportExpansions} snippet imports were expanded (CoreDNS's cap); look for imports that multiply.");
        }

        var frame = new ImportFrame(target, importToken.Position, importToken.Via);
        return [.. body.Select(t => t with { Via = frame })];
    }

    private List<Token> ImportFiles(Token importToken, Token argument, string pattern)
    {
        if (_options.Files is null)
        {
            throw Error(argument, $"'{pattern}' is not a snippet defined above, and file imports cannot be read here.");
        }

        var directory = PathPattern.Directory(PathOf(importToken.Position.File));
        var absolute = PathPattern.Resolve(directory, pattern);
        if (absolute.Count(c => c == '*') > 1 || absolute.Count(c => c == '?') > 1 || (absolute.Contains('[') && absolute.Contains(']')))
        {
            // CoreDNS refuses these too: a pattern with many wildcards can take very long to expand.
            throw Error(argument, $"an import pattern may contain only one wildcard, but '{pattern}' has more.");
        }

        if (++_fileExpansions > _options.MaxImportExpansions)
        {
            throw Error(importToken, $"more than {_options.MaxImportExpansions} file imports were expanded (CoreDNS's cap); look for imports that multiply.");
        }

        var files = _options.Files.Find(absolute);
        if (files.Count == 0)
        {
            // A bare word such as "comon" is far more likely a misspelt snippet than a file, so it stays an
            // error even where missing files are tolerated.
            var looksLikeFile = pattern.Contains('/', StringComparison.Ordinal) || pattern.Contains('.', StringComparison.Ordinal);
            if (PathPattern.HasWildcard(absolute) || (!_options.MissingFileIsError && looksLikeFile))
            {
                _warnings.Add(new CorefileWarning(argument.Position, $"no file matches the import pattern '{pattern}' ({absolute}).") { ImportPattern = absolute });
                return [];
            }

            throw Error(argument, $"'{pattern}' is neither a snippet defined above nor a file that exists ({absolute}).");
        }

        var tokens = new List<Token>();
        var importingPath = PathOf(importToken.Position.File);
        foreach (var file in files)
        {
            if (file.Path == importingPath || importToken.Via?.Contains(file.Path) == true)
            {
                var chain = importToken.Via is null ? $"'{importingPath}'" : importToken.Via.Describe();
                throw Error(argument, $"import cycle: {chain} imports '{file.Path}', which is already being imported.");
            }

            _pathsByDisplayName[file.DisplayName] = file.Path;
            var frame = new ImportFrame(file.Path, importToken.Position, importToken.Via);
            tokens.AddRange(Lexer.Tokenize(file.Text, file.DisplayName, _options.KeepComments).Select(t => t with { Via = frame }));
        }

        return tokens;
    }

    private void RejectTokensAfterClosingBrace(Token closeBrace)
    {
        if (!AtEnd && _tokens[_index].Kind != TokenKind.Comment && !StartsLine(_tokens[_index]))
        {
            throw Error(_tokens[_index], $"unexpected '{_tokens[_index].Text}' after '}}' ({closeBrace.Position}); start it on a new line.");
        }
    }

    private Token Current
    {
        get
        {
            SkipCommentsInto(null);
            return _tokens[_index];
        }
    }

    private void Consume()
    {
        _previous = _tokens[_index];
        _index++;
    }

    private bool StartsLine(Token token) => token.StartsLineAfter(_previous);

    private List<string> TakeComments()
    {
        var comments = new List<string>();
        SkipCommentsInto(comments);
        return comments;
    }

    private void SkipCommentsInto(List<string>? sink)
    {
        while (!AtEnd && _tokens[_index].Kind == TokenKind.Comment)
        {
            sink?.Add(_tokens[_index].Text);
            _index++;
        }
    }

    private string? TakeTrailingComment(Token last)
    {
        if (!AtEnd && _tokens[_index] is { Kind: TokenKind.Comment } comment
            && comment.Position.File == last.Position.File && comment.Position.Line == last.EndLine && ReferenceEquals(comment.Via, last.Via))
        {
            _index++;
            return comment.Text;
        }

        return null;
    }

    private string PathOf(string displayName) =>
        _pathsByDisplayName.TryGetValue(displayName, out var path) ? path : PathPattern.Resolve(_options.Directory, displayName);

    private string Expand(string text) =>
        _options.Environment is { } lookup ? EnvironmentPlaceholders.Expand(text, lookup) : text;

    private static CorefileException Error(Token token, string reason) => Error(token.Position, reason);

    private static CorefileException Error(SourcePosition position, string reason) => new(position, reason);
}
