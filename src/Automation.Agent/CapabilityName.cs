namespace Automation.Agent;

/// <summary>The capability name rule of the protocol: 1–100 characters of <c>[a-z0-9._-]</c>, starting with a letter or digit.</summary>
internal static class CapabilityName
{
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 100 && IsLetterOrDigit(name[0]) && name.All(c => IsLetterOrDigit(c) || c is '.' or '_' or '-');

    private static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
