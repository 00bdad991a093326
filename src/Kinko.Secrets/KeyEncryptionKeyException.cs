namespace Kinko.Secrets;

/// <summary>
/// The key-encryption key could not be loaded or created: a key or salt file with unsafe permissions,
/// the wrong length, unreadable contents, or (see <see cref="WrongPassphraseException"/>) a wrong passphrase.
/// The message names the file concerned. Start-up should stop.
/// </summary>
public class KeyEncryptionKeyException : Exception
{
    public KeyEncryptionKeyException()
        : base("The key-encryption key could not be loaded.")
    {
    }

    public KeyEncryptionKeyException(string message)
        : base(message)
    {
    }

    public KeyEncryptionKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
