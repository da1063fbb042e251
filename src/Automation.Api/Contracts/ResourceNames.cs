using System.Text.RegularExpressions;
using Automation.Secrets;

namespace Automation.Api.Contracts;

/// <summary>
/// The shapes of definition names, workflow ids and secret names. The first two become Orleans grain keys, the last
/// template identifiers, so anything else (empty, whitespace, control characters, path separators, too long) is refused
/// before it reaches the cluster or the database.
/// </summary>
public static partial class ResourceNames
{
    private const string DefinitionNameBody = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private const string WorkflowIdBody = "^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}";
    private const string IdempotencyKeyBody = "^[!-~]{1,200}";
    private const string TagBody = "^[A-Za-z0-9._:/=-]{1,64}";
    private const string ScheduleIdBody = "^[A-Za-z0-9][A-Za-z0-9._-]{0,54}";

    /// <summary>The pattern of a schedule id (at most 55 characters, so that the tag <c>schedule:{id}</c> fits in 64).</summary>
    public const string ScheduleIdPattern = ScheduleIdBody + "$";

    /// <summary>The rule of <see cref="ScheduleIdPattern"/>, in words.</summary>
    public const string ScheduleIdRule = "use 1–55 letters, digits, '.', '_' and '-', starting with a letter or digit";

    /// <summary>Tells whether a string is a valid schedule id.</summary>
    /// <param name="id">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="ScheduleIdPattern"/>.</returns>
    public static bool IsScheduleId(string? id) => id is not null && ScheduleId().IsMatch(id);

    /// <summary>The most tags a workflow can have.</summary>
    public const int MaxTags = 20;

    /// <summary>Workflow tags, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string TagPattern = TagBody + "$";

    /// <summary>Why a tag is refused.</summary>
    public const string TagRule = "use 1–64 letters, digits, '.', '_', ':', '/', '=' and '-'";

    /// <summary>Whether <paramref name="tag"/> can be a workflow tag.</summary>
    /// <param name="tag">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="TagPattern"/>.</returns>
    public static bool IsTag(string? tag) => tag is not null && Tag().IsMatch(tag);

    /// <summary>Definition names, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string DefinitionNamePattern = DefinitionNameBody + "$";

    /// <summary>Workflow ids, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string WorkflowIdPattern = WorkflowIdBody + "$";

    /// <summary><c>Idempotency-Key</c> header values, as an ECMA-262 pattern (OpenAPI <c>pattern</c>): visible ASCII, no spaces.</summary>
    public const string IdempotencyKeyPattern = IdempotencyKeyBody + "$";

    /// <summary>Secret names, as an ECMA-262 pattern (OpenAPI <c>pattern</c>).</summary>
    public const string SecretNamePattern = SecretNames.Pattern;

    /// <summary>Why a secret name is refused.</summary>
    public const string SecretNameRule = SecretNames.Rule;

    /// <summary>Why an <c>Idempotency-Key</c> is refused.</summary>
    public const string IdempotencyKeyRule = "use 1–200 visible ASCII characters (no spaces), e.g. a UUID";

    /// <summary>Why a definition name is refused.</summary>
    public const string DefinitionNameRule = "use 1–128 letters, digits, '.', '_' and '-', starting with a letter or digit";

    /// <summary>Why a workflow id is refused.</summary>
    public const string WorkflowIdRule = "use 1–200 letters, digits, '.', '_', ':', '@' and '-', starting with a letter or digit";

    /// <summary>Whether <paramref name="name"/> can be a definition name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="DefinitionNamePattern"/>.</returns>
    public static bool IsDefinitionName(string? name) => name is not null && DefinitionName().IsMatch(name);

    /// <summary>Whether <paramref name="id"/> can be a workflow id.</summary>
    /// <param name="id">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="WorkflowIdPattern"/>.</returns>
    public static bool IsWorkflowId(string? id) => id is not null && WorkflowId().IsMatch(id);

    /// <summary>Whether <paramref name="name"/> can be a secret name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="SecretNamePattern"/>.</returns>
    public static bool IsSecretName(string? name) => SecretNames.IsValid(name);

    /// <summary>Whether <paramref name="key"/> can be an <c>Idempotency-Key</c>.</summary>
    /// <param name="key">The candidate.</param>
    /// <returns><see langword="true"/> when it matches <see cref="IdempotencyKeyPattern"/>.</returns>
    public static bool IsIdempotencyKey(string? key) => key is not null && IdempotencyKey().IsMatch(key);

    // \z, not $: in .NET "$" also matches before a final "\n", which would let "name\n" through.
    [GeneratedRegex(DefinitionNameBody + @"\z")]
    private static partial Regex DefinitionName();

    [GeneratedRegex(WorkflowIdBody + @"\z")]
    private static partial Regex WorkflowId();

    [GeneratedRegex(ScheduleIdBody + @"\z")]
    private static partial Regex ScheduleId();

    [GeneratedRegex(TagBody + @"\z")]
    private static partial Regex Tag();

    [GeneratedRegex(IdempotencyKeyBody + @"\z")]
    private static partial Regex IdempotencyKey();
}
