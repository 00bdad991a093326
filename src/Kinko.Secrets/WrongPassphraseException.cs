namespace Kinko.Secrets;

/// <summary>The passphrase does not derive the key recorded (by its check value) in the salt file.</summary>
public sealed class WrongPassphraseException : KeyEncryptionKeyException
{
    public WrongPassphraseException()
        : base("The passphrase is wrong.")
    {
    }

    public WrongPassphraseException(string message)
        : base(message)
    {
    }

    public WrongPassphraseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
