namespace Kinko.Secrets;

/// <summary>
/// Argon2id cost parameters for <see cref="PassphraseKek"/>. They are written into the salt file when it
/// is created and read back from it afterwards, so the defaults can change without breaking existing
/// data folders. Parallelism is always 1 (the only value libsodium supports).
/// </summary>
/// <param name="MemoryKiB">Memory cost in KiB (at least 8, at most 4 GiB).</param>
/// <param name="Passes">Number of passes over the memory (1 to 64).</param>
public sealed record Argon2Settings(long MemoryKiB, long Passes)
{
    public const long MinMemoryKiB = 8;
    public const long MaxMemoryKiB = 4L * 1024 * 1024;
    public const long MinPasses = 1;
    public const long MaxPasses = 64;

    /// <summary>Production default: 64 MiB, 3 passes (about 0.1 s on a server core).</summary>
    public static Argon2Settings Default { get; } = new(64 * 1024, 3);

    /// <summary>Null if usable, else the reason why not.</summary>
    internal string? Problem() =>
        MemoryKiB is < MinMemoryKiB or > MaxMemoryKiB
            ? $"memory {MemoryKiB} KiB is outside {MinMemoryKiB}..{MaxMemoryKiB} KiB"
            : Passes is < MinPasses or > MaxPasses
                ? $"passes {Passes} is outside {MinPasses}..{MaxPasses}"
                : null;
}
