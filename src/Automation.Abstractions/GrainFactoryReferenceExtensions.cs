namespace Automation;

/// <summary>
/// String-keyed grain references on the hot path without Orleans' per-call interface lookup:
/// <c>IGrainFactory.GetGrain&lt;T&gt;(string)</c> resolves the interface's <see cref="GrainInterfaceType"/> by reading its
/// attributes on every call (about 1 % of a busy silo's CPU, from the definition, workflow and report references each
/// workflow takes, and 3 % of the API's on a burst of starts). The first reference of a type is made that way; later
/// ones reuse its grain type and interface type.
/// </summary>
public static class GrainFactoryReferenceExtensions
{
    /// <summary>A reference to the grain of interface <typeparamref name="T"/> with key <paramref name="key"/>, as <c>GetGrain&lt;T&gt;(key)</c> gives.</summary>
    /// <typeparam name="T">The grain interface.</typeparam>
    /// <param name="grains">The grain factory.</param>
    /// <param name="key">The grain's string key.</param>
    /// <returns>The reference.</returns>
    public static T GetStringKeyed<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        if (Types<T>.Resolved is { } types)
        {
            return (T)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        var reference = grains.GetGrain<T>(key);
        if (reference is GrainReference made)
        {
            Types<T>.Resolved = new ResolvedTypes(made.GrainId.Type, made.InterfaceType); // a reference: published whole
        }

        return reference;
    }

    /// <summary>What <c>GetGrain&lt;T&gt;</c> resolved for <typeparamref name="T"/> (the same in every silo of a process: both come from the types' attributes).</summary>
    private static class Types<T>
    {
        public static ResolvedTypes? Resolved;
    }

    private sealed record ResolvedTypes(GrainType Grain, GrainInterfaceType Interface);
}
