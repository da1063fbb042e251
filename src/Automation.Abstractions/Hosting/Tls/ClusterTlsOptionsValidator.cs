using Microsoft.Extensions.Options;

namespace Automation.Hosting.Tls;

/// <summary>
/// Checks <see cref="ClusterTlsOptions"/> before any certificate is read: required settings, files that exist, a trust
/// rule. Each failure names the setting; the password is never echoed.
/// </summary>
public sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            failures.Add($"{Setting(nameof(options.CertificatePath))} is required when {Setting(nameof(options.Enabled))} is true: a .pfx/.p12 file, or a PEM certificate with its key in {Setting(nameof(options.KeyPath))}.");
        }
        else
        {
            RequireFile(failures, nameof(options.CertificatePath), options.CertificatePath);
            if (ClusterTlsCredentials.IsPkcs12(options.CertificatePath) && !string.IsNullOrWhiteSpace(options.KeyPath))
            {
                failures.Add($"{Setting(nameof(options.KeyPath))} is for PEM certificates; the PFX file {Setting(nameof(options.CertificatePath))} holds its own key. Remove one of them.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.KeyPath))
        {
            RequireFile(failures, nameof(options.KeyPath), options.KeyPath);
        }

        if (!string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            RequireFile(failures, nameof(options.CaCertificatePath), options.CaCertificatePath);
        }

        foreach (var thumbprint in options.AllowedThumbprints)
        {
            var hex = ClusterTlsCredentials.NormalizeThumbprint(thumbprint);
            if (hex.Length is not (40 or 64) || !hex.All(Uri.IsHexDigit))
            {
                failures.Add($"{Setting(nameof(options.AllowedThumbprints))} has '{thumbprint}', which is not a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint.");
            }
        }

        if (!options.AllowAnyRemoteCertificate && string.IsNullOrWhiteSpace(options.CaCertificatePath) && options.AllowedThumbprints.Count == 0)
        {
            failures.Add($"Set {Setting(nameof(options.CaCertificatePath))} or {Setting(nameof(options.AllowedThumbprints))}: remote certificates are accepted only if issued by that CA or pinned by thumbprint " +
                $"({ClusterTlsOptions.SectionName}:{nameof(options.AllowAnyRemoteCertificate)}=true accepts any certificate, for development only).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A setting's configuration key and environment variable, for messages.</summary>
    /// <param name="property">The <see cref="ClusterTlsOptions"/> property.</param>
    /// <returns>For example <c>Orleans:Tls:CertificatePath (environment variable Orleans__Tls__CertificatePath)</c>.</returns>
    internal static string Setting(string property) =>
        $"{ClusterTlsOptions.SectionName}:{property} (environment variable {ClusterTlsOptions.SectionName.Replace(":", "__", StringComparison.Ordinal)}__{property})";

    private static void RequireFile(List<string> failures, string property, string path)
    {
        if (!File.Exists(path))
        {
            failures.Add($"{Setting(property)}: file '{path}' does not exist.");
        }
    }
}
