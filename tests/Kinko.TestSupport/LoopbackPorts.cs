using System.Net;
using System.Net.Sockets;

namespace Kinko.TestSupport;

/// <summary>Ports on 127.0.0.1 for test servers (and for a port nothing listens on).</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago: the system picks it, and the listener is closed at once.</summary>
    public static int FindFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
