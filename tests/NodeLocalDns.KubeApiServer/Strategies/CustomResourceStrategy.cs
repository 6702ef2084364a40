using System.Text.Json.Nodes;
using NodeLocalDns.KubeApiServer.Errors;
using NodeLocalDns.KubeApiServer.Json;
using NodeLocalDns.KubeApiServer.Registry;
using NodeLocalDns.KubeApiServer.Schemas;

namespace NodeLocalDns.KubeApiServer.Strategies;

/// <summary>
/// Custom resources of one CRD version, written as apiextensions writes them: the fields the schema does not declare
/// are pruned (or refused with <c>fieldValidation=Strict</c>), defaults are applied, then the object is validated
/// against the schema and its CEL rules (transition rules against the stored object), on create, on update and on
/// status updates alike. <c>metadata</c> is left to the common metadata rules.
/// </summary>
internal sealed class CustomResourceStrategy(SchemaNode schema) : IResourceStrategy
{
    public void PrepareForCreate(ResourceDefinition definition, JsonObject obj, StrategyContext context) =>
        Admit(definition, obj, existing: null, context);

    public void PrepareForUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context) =>
        Admit(definition, updated, existing, context);

    public void PrepareForStatusUpdate(ResourceDefinition definition, JsonObject updated, JsonObject existing, StrategyContext context) =>
        Admit(definition, updated, existing, context);

    public void OnRemoved(ResourceDefinition definition, JsonObject obj, StrategyContext context)
    {
    }

    private void Admit(ResourceDefinition definition, JsonObject obj, JsonObject? existing, StrategyContext context)
    {
        // apiVersion, kind and metadata are the API machinery's (never pruned; metadata follows ObjectMeta's rules).
        var body = Detach(obj);
        var pruned = SchemaPruner.Prune(body, schema, string.Empty);
        if (pruned.Count > 0 && context.FieldValidation == "Strict")
        {
            throw ApiErrors.BadRequest("strict decoding error: " + string.Join(", ", pruned.Select(p => $"unknown field \"{p}\"")));
        }

        SchemaDefaulter.Apply(body, schema);
        var errors = SchemaValidator.Validate(body, schema, string.Empty);
        if (errors.Count == 0)
        {
            var old = existing is null ? null : Detach((JsonObject)existing.DeepClone());
            errors.AddRange(CelRuleEvaluator.Validate(body, old, old is not null, schema, string.Empty));
        }

        foreach (var (name, value) in body.ToList())
        {
            body.Remove(name);
            obj[name] = value;
        }

        if (errors.Count > 0)
        {
            throw ApiErrors.Invalid(definition.Group, definition.Kind, JsonNodes.Name(obj) ?? string.Empty, errors);
        }
    }

    /// <summary>Moves every field but apiVersion, kind and metadata out of <paramref name="obj"/> into a new object.</summary>
    private static JsonObject Detach(JsonObject obj)
    {
        var body = new JsonObject();
        foreach (var (name, value) in obj.ToList())
        {
            if (name is not ("apiVersion" or "kind" or "metadata"))
            {
                obj.Remove(name);
                body[name] = value;
            }
        }

        return body;
    }
}
