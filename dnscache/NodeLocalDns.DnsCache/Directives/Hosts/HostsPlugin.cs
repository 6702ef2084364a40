using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodeLocalDns.Corefile.Directives.Hosts;
using NodeLocalDns.DnsCache.Observability;
using NodeLocalDns.DnsCache.Protocol;

namespace NodeLocalDns.DnsCache.Directives.Hosts;

/// <summary>
/// The <c>hosts</c> directive (CoreDNS plugin/hosts): A, AAAA and PTR answers from an /etc/hosts file and
/// inline entries. A name it knows but without records of the asked type gets NODATA; a name it does not
/// know gets NXDOMAIN, or goes on to the next handler under <c>fallthrough</c>. The file is re-read when
/// its modification time changes.
/// </summary>
internal sealed class HostsPlugin : IDisposable
{
    private readonly HostsOptions _options;
    private readonly byte[][] _zones;
    private readonly byte[][]? _fallthrough;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private DateTime _fileStamp;
    private volatile HostsTable _table;

    public HostsPlugin(HostsOptions options, HostsMetrics metrics, TimeProvider time, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _zones = [.. options.Zones.Select(WireName.FromText)];
        _fallthrough = options.Fallthrough is { } f ? (f.Count == 0 ? [[0]] : [.. f.Select(WireName.FromText)]) : null;
        _table = Load();
        if (options.ReloadInterval > TimeSpan.Zero)
        {
            _timer = time.CreateTimer(_ => Reload(), null, options.ReloadInterval, options.ReloadInterval);
        }

        metrics.Entries.AddCallback(() => [(string.Empty, Count)]);
    }

    public int Count => _table.Count;

    /// <summary>Answers into <paramref name="destination"/>; 0 when the query is not ours (falls through).</summary>
    public int TryAnswer(ReadOnlySpan<byte> query, in ParsedQuery q, ReadOnlySpan<byte> name, int limit, Span<byte> destination)
    {
        if (!WireName.IsInAnyZone(name, _zones))
        {
            return 0;
        }

        var table = _table;
        if (q.QType == DnsConstants.TypePtr && table.Reverse.TryGetValue(name, out var names))
        {
            var builder = new AnswerBuilder(query, q, DnsConstants.RcodeNoError);
            foreach (var target in names)
            {
                builder.Add(0, [], DnsConstants.TypePtr, DnsConstants.ClassIn, (uint)_options.Ttl, target);
            }

            return Serve(query, q, builder, limit, destination);
        }

        if (!table.Forward.TryGetValue(name, out var lists))
        {
            if (_fallthrough is not null && WireName.IsInAnyZone(name, _fallthrough))
            {
                return 0;
            }

            // Without fallthrough the plugin owns its zones: a name it does not hold does not exist.
            return ResponseWriter.WriteEmpty(query, q, DnsConstants.RcodeNxDomain, destination);
        }

        var answer = new AnswerBuilder(query, q, DnsConstants.RcodeNoError);
        var addresses = q.QType switch
        {
            DnsConstants.TypeA => lists.V4,
            DnsConstants.TypeAaaa => lists.V6,
            _ => [],
        };
        Span<byte> bytes = stackalloc byte[16];
        foreach (var address in addresses)
        {
            address.TryWriteBytes(bytes, out var written);
            var type = address.AddressFamily == AddressFamily.InterNetwork ? DnsConstants.TypeA : DnsConstants.TypeAaaa;
            answer.Add(0, [], type, DnsConstants.ClassIn, (uint)_options.Ttl, bytes[..written]);
        }

        return Serve(query, q, answer, limit, destination);
    }

    private static int Serve(ReadOnlySpan<byte> query, in ParsedQuery q, AnswerBuilder builder, int limit, Span<byte> destination)
    {
        var (body, offsets) = builder.Build();
        return ResponseWriter.Write(query, q, body, offsets, -1, limit, destination);
    }

    private void Reload()
    {
        try
        {
            var stamp = File.Exists(_options.Path) ? File.GetLastWriteTimeUtc(_options.Path) : DateTime.MinValue;
            if (stamp != _fileStamp)
            {
                _table = Load();
            }
        }
        catch (IOException e)
        {
            LogMessages.HostsUnreadable(_logger, _options.Path, e.Message);
        }
    }

    private HostsTable Load()
    {
        var entries = new List<HostsEntry>(_options.Inline);
        try
        {
            if (File.Exists(_options.Path))
            {
                _fileStamp = File.GetLastWriteTimeUtc(_options.Path);
                entries.AddRange(HostsTable.Parse(File.ReadAllText(_options.Path)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogMessages.HostsUnreadable(_logger, _options.Path, e.Message);
        }

        return new HostsTable(entries, _options.NoReverse);
    }

    public void Dispose() => _timer?.Dispose();
}
