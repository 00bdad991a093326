namespace Kinko.Storage;

/// <summary>
/// A sorted list of ledger positions packed as LEB128 varints of the gaps between them (the first
/// relative to a base), so an account's entries in one history bucket are one small blob.
/// </summary>
internal static class PositionList
{
    public static byte[] Encode(List<long> positions, long basePosition)
    {
        var buffer = new byte[positions.Count * 10];
        var length = 0;
        var previous = basePosition;
        foreach (var position in positions)
        {
            var gap = (ulong)(position - previous);
            previous = position;
            while (gap >= 0x80)
            {
                buffer[length++] = (byte)(gap | 0x80);
                gap >>= 7;
            }

            buffer[length++] = (byte)gap;
        }

        return buffer.AsSpan(0, length).ToArray();
    }

    public static List<long> Decode(byte[] packed, long basePosition)
    {
        var positions = new List<long>();
        var previous = basePosition;
        var i = 0;
        while (i < packed.Length)
        {
            ulong gap = 0;
            var shift = 0;
            byte b;
            do
            {
                b = packed[i++];
                gap |= (ulong)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            previous += (long)gap;
            positions.Add(previous);
        }

        return positions;
    }
}
