namespace NodeLocalDns.DnsCache.Directives.Cache;

/// <summary>
/// One size class of a <see cref="BlobArena"/>: its block length, the chunk it is carving new blocks from, where the next
/// one starts, and the blocks given back (a stack, so the most recently freed block, likely still in the CPU's cache,
/// is reused first). Used under the arena's writer lock only.
/// </summary>
internal sealed class BlobSizeClass(int length)
{
    private int[] _free = [];
    private int _freeCount;

    public int Length { get; } = length;

    /// <summary>The chunk new blocks come from; -1 before the first.</summary>
    public int Chunk { get; set; } = -1;

    /// <summary>The offset of the next new block in <see cref="Chunk"/>.</summary>
    public int Next { get; set; }

    public bool TryPop(out int block)
    {
        if (_freeCount == 0)
        {
            block = -1;
            return false;
        }

        block = _free[--_freeCount];
        return true;
    }

    public void Push(int block)
    {
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, Math.Max(64, _freeCount * 2));
        }

        _free[_freeCount++] = block;
    }
}
