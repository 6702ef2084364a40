namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// Where a <see cref="CacheHalf"/> keeps its entries' bytes: 1 MiB arrays it allocates once and carves into blocks of a
/// few size classes, each class with its own free list. A block is named by an integer (its chunk and offset).
/// <para><b>Why:</b> the chunks are large (the GC allocates them in its large-object heap, which it does not copy) and
/// hold no references (so no collection scans them), and a cached answer is a block rather than an object, so storing one
/// allocates nothing on the GC heap. Before, every cached answer was new objects that each gen0 and gen1 collection
/// copied once more, and those collections set the miss path's tail latency and a tenth of its CPU (dnscache/README.md,
/// "Performance").</para>
/// <para><b>Cost:</b> a block is up to half again as large as what it holds (about a sixth on average), freed blocks are
/// reused only by the same class, and chunks are never given back while the cache lives (a reload builds a new cache,
/// and the old one's chunks go with it). Chunks are allocated uninitialised, so memory no block has used yet is not
/// resident.</para>
/// <para><b>Readers:</b> the arena has one writer at a time (the half's lock). A reader may view a block that is freed and
/// reused while it reads; the half's per-entry version tells it so afterwards, and the arena only promises that whatever a
/// reader is given lies inside a chunk (<see cref="TryView"/>).</para>
/// </summary>
internal sealed class BlobArena
{
    /// <summary>The largest block; a DNS message (at most 65,535 bytes) with its TTL offsets and key fits.</summary>
    public const int MaxBlockLength = 131_072;

    private const int OffsetBits = 20;
    private const int ChunkLength = 1 << OffsetBits;
    private const int MaxChunks = int.MaxValue >> OffsetBits;

    // Steps of about 1.5: a block wastes at most a third of itself.
    private static readonly int[] ClassLengths =
    [
        64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384, 24576, 32768,
        49152, 65536, 98304, MaxBlockLength,
    ];

    private readonly BlobSizeClass[] _classes = [.. ClassLengths.Select(length => new BlobSizeClass(length))];
    private byte[][] _chunks = [];
    private int _chunkCount;

    /// <summary>A block of at least <paramref name="length"/> bytes, or -1 when none can be had (too long, or out of chunks).</summary>
    public int Allocate(int length)
    {
        var sizeClass = ClassOf(length);
        if (sizeClass is null)
        {
            return -1;
        }

        if (sizeClass.TryPop(out var reused))
        {
            return reused;
        }

        if (sizeClass.Chunk < 0 || sizeClass.Next + sizeClass.Length > ChunkLength)
        {
            if (_chunkCount == MaxChunks)
            {
                return -1;
            }

            if (_chunkCount == _chunks.Length)
            {
                var grown = new byte[Math.Max(4, _chunkCount * 2)][];
                Array.Copy(_chunks, grown, _chunkCount);
                Volatile.Write(ref _chunks, grown);
            }

            _chunks[_chunkCount] = GC.AllocateUninitializedArray<byte>(ChunkLength);
            sizeClass.Chunk = _chunkCount;
            sizeClass.Next = 0;
            Volatile.Write(ref _chunkCount, _chunkCount + 1);
        }

        var block = (sizeClass.Chunk << OffsetBits) | sizeClass.Next;
        sizeClass.Next += sizeClass.Length;
        return block;
    }

    /// <summary>Gives back a block <see cref="Allocate"/> returned for <paramref name="length"/> bytes.</summary>
    public void Free(int block, int length) => ClassOf(length)!.Push(block);

    /// <summary>The writer's view of a block it holds.</summary>
    public Span<byte> Writable(int block, int length) => _chunks[block >> OffsetBits].AsSpan(block & (ChunkLength - 1), length);

    /// <summary>
    /// A reader's view of <paramref name="length"/> bytes at <paramref name="block"/>; false when those numbers (read while
    /// a writer changed them) do not lie inside a chunk.
    /// </summary>
    public bool TryView(int block, int length, out ReadOnlySpan<byte> bytes)
    {
        var chunks = Volatile.Read(ref _chunks);
        var chunk = block >> OffsetBits;
        var offset = block & (ChunkLength - 1);
        if (block < 0 || (uint)chunk >= (uint)chunks.Length || chunks[chunk] is not { } array || (uint)length > (uint)(ChunkLength - offset))
        {
            bytes = default;
            return false;
        }

        bytes = new ReadOnlySpan<byte>(array, offset, length);
        return true;
    }

    private BlobSizeClass? ClassOf(int length)
    {
        foreach (var sizeClass in _classes)
        {
            if (length <= sizeClass.Length)
            {
                return sizeClass;
            }
        }

        return null;
    }
}
