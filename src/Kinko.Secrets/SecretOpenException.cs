namespace Kinko.Secrets;

/// <summary>
/// A sealed secret could not be opened: wrong key, wrong purpose, tampered, truncated or not a sealed
/// blob at all. The cause is deliberately not distinguished; the caller must fail closed.
/// </summary>
public sealed class SecretOpenException : Exception
{
    public SecretOpenException()
        : base("The sealed secret could not be opened.")
    {
    }

    public SecretOpenException(string message)
        : base(message)
    {
    }

    public SecretOpenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
