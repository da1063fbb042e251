namespace Automation.Services;

/// <summary>How a service is probed.</summary>
public enum ProbeType
{
    /// <summary>An HTTP request whose status (and optionally body) is checked.</summary>
    Http = 0,

    /// <summary>A TCP connection to a host and port.</summary>
    Tcp = 1,

    /// <summary>A workflow of a registered definition; Completed within the timeout is a pass.</summary>
    Workflow = 2,
}
