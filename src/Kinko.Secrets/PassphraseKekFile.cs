namespace Kinko.Secrets;

/// <summary>
/// The contents of the passphrase salt file: the Argon2id parameters and salt that derive the key, and a
/// check value (a constant sealed under the derived key) that detects a wrong passphrase at start-up.
/// </summary>
internal sealed record PassphraseKekFile(
    int Version,
    string Algorithm,
    long MemoryKiB,
    long Passes,
    int Parallelism,
    string Salt,
    string Check)
{
    public const int CurrentVersion = 1;
    public const string Argon2id = "argon2id";
}
