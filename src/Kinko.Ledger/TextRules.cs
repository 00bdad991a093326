namespace Kinko.Ledger;

/// <summary>What text the ledger stores: printable, well-formed UTF-16 (so that every store keeps it exactly).</summary>
internal static class TextRules
{
    public static bool IsPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
