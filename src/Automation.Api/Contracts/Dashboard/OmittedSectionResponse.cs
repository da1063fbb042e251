namespace Automation.Api.Contracts;

/// <summary>A dashboard section left out because the caller lacks its permission.</summary>
/// <param name="Section">The section: workflows, services, alerts or capabilities.</param>
/// <param name="Permission">The permission it needs (for every resource, in the case of workflows:read).</param>
public sealed record OmittedSectionResponse(string Section, string Permission);
