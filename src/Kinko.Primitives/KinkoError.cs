namespace Kinko.Primitives;

/// <summary>Why a request was refused: a code, a human reason, and the field at fault if one is.</summary>
public sealed record KinkoError(ErrorCode Code, string Message, string? Field = null)
{
    public override string ToString() => Field is null ? $"{Code}: {Message}" : $"{Code}: {Field}: {Message}";
}

/// <summary>Bad input or a broken business rule, as an exception where a result type does not fit.</summary>
public sealed class KinkoException : Exception
{
    public KinkoException(ErrorCode code, string message, string? field = null)
        : base(field is null ? message : $"{field}: {message}")
    {
        Error = new KinkoError(code, message, field);
    }

    public KinkoException(KinkoError error)
        : base(error.ToString())
    {
        Error = error;
    }

    public KinkoError Error { get; }
}
