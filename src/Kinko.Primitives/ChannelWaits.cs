using System.Threading.Channels;

namespace Kinko.Primitives;

/// <summary>Blocking waits on a channel, for loops that run on a thread of their own (writers, the trading sequencer).</summary>
public static class ChannelWaits
{
    /// <summary>Blocks until an item can be read (true) or the channel is completed and empty (false).</summary>
    public static bool WaitToRead<T>(this ChannelReader<T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }
}
