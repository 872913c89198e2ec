using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace SimdBackprop.Tests.Architecture;

/// <summary>
/// Reads the layer of every type of a compiled assembly from the folder its source files are in (the
/// documents its portable PDB records for the type's methods, or for a type without method bodies the
/// compiler's TypeDefinitionDocuments entry), then lists every place where a type uses a type of a higher
/// layer: base types, interfaces, fields, signatures, generic arguments and every type, method or field
/// token in its IL. Nested and compiler-generated types count as part of their outermost type.
/// </summary>
internal sealed class AssemblyLayers
{
    /// <summary>The compiler's custom debug information kind that lists a type's documents when it has no method bodies.</summary>
    private static readonly Guid TypeDefinitionDocuments = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    private readonly Assembly assembly;
    private readonly Dictionary<int, int> layerOfTopLevelToken = [];

    static AssemblyLayers()
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            ushort value = (ushort)code.Value;
            if (value < 0x100)
            {
                OneByte[value] = code;
            }
            else if ((value & 0xff00) == 0xfe00)
            {
                TwoByte[value & 0xff] = code;
            }
        }
    }

    /// <param name="assembly">The assembly; its .pdb must lie beside it.</param>
    /// <param name="projectFolder">The project's folder as it appears in document paths, e.g. <c>src/SimdBackprop/</c>.</param>
    /// <param name="layerOfFolder">The layer of each top folder of the project.</param>
    public AssemblyLayers(Assembly assembly, string projectFolder, IReadOnlyDictionary<string, int> layerOfFolder)
    {
        this.assembly = assembly;
        string pdbPath = Path.ChangeExtension(assembly.Location, ".pdb");
        using var peStream = File.OpenRead(assembly.Location);
        using var pe = new System.Reflection.PortableExecutable.PEReader(peStream);
        MetadataReader md = pe.GetMetadataReader();
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdbPath));
        MetadataReader pdb = pdbProvider.GetMetadataReader();

        var documents = new Dictionary<TypeDefinitionHandle, HashSet<string>>();
        void Add(TypeDefinitionHandle type, DocumentHandle document)
        {
            TypeDefinitionHandle top = TopLevel(md, type);
            if (!documents.TryGetValue(top, out HashSet<string>? set))
            {
                documents[top] = set = [];
            }

            set.Add(pdb.GetString(pdb.GetDocument(document).Name).Replace('\\', '/'));
        }

        foreach (MethodDefinitionHandle method in md.MethodDefinitions)
        {
            MethodDebugInformation debug = pdb.GetMethodDebugInformation(method.ToDebugInformationHandle());
            TypeDefinitionHandle type = md.GetMethodDefinition(method).GetDeclaringType();
            if (!debug.Document.IsNil)
            {
                Add(type, debug.Document);
            }
            else if (!debug.SequencePointsBlob.IsNil)
            {
                foreach (SequencePoint point in debug.GetSequencePoints())
                {
                    Add(type, point.Document);
                }
            }
        }

        foreach (CustomDebugInformationHandle handle in pdb.CustomDebugInformation)
        {
            CustomDebugInformation info = pdb.GetCustomDebugInformation(handle);
            if (info.Parent.Kind != HandleKind.TypeDefinition || pdb.GetGuid(info.Kind) != TypeDefinitionDocuments)
            {
                continue;
            }

            BlobReader blob = pdb.GetBlobReader(info.Value);
            while (blob.RemainingBytes > 0)
            {
                Add((TypeDefinitionHandle)info.Parent, MetadataTokens.DocumentHandle(blob.ReadCompressedInteger()));
            }
        }

        foreach ((TypeDefinitionHandle type, HashSet<string> paths) in documents)
        {
            var layers = new SortedSet<int>();
            foreach (string path in paths)
            {
                int at = path.LastIndexOf(projectFolder, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }

                // Code generated at build time lands in obj/<configuration>/<framework>/, under the folder of
                // its source where the project says so (the protobuf messages): read it as that folder.
                string relative = path[(at + projectFolder.Length)..];
                if (relative.StartsWith("obj/", StringComparison.Ordinal))
                {
                    string[] parts = relative.Split('/');
                    if (parts.Length <= 4)
                    {
                        continue; // assembly attributes and global usings, no types
                    }

                    relative = string.Join('/', parts[3..]);
                }

                int slash = relative.IndexOf('/', StringComparison.Ordinal);
                string folder = slash < 0 ? string.Empty : relative[..slash];
                if (!layerOfFolder.TryGetValue(folder, out int layer))
                {
                    Problems.Add($"{TypeName(md, type)} is in '{relative}', outside every layer folder ({string.Join(", ", layerOfFolder.Keys)})");
                    continue;
                }

                layers.Add(layer);
            }

            if (layers.Count > 1)
            {
                Problems.Add($"{TypeName(md, type)} has parts in more than one layer ({string.Join(", ", paths)})");
            }

            if (layers.Count > 0)
            {
                layerOfTopLevelToken[MetadataTokens.GetToken(type)] = layers.Max;
            }
        }
    }

    /// <summary>Types outside every layer folder, or split over several.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>The layer of a type of the assembly (its outermost type's), or null when it has none (compiler-emitted helpers).</summary>
    public int? LayerOf(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return layerOfTopLevelToken.TryGetValue(type.MetadataToken, out int layer) ? layer : null;
    }

    /// <summary>Every source type of the assembly that has no layer (it should have one).</summary>
    public IEnumerable<Type> TypesWithoutLayer() =>
        assembly.GetTypes().Where(t => t.DeclaringType is null && !IsCompilerEmitted(t) && LayerOf(t) is null);

    /// <summary>Each use of a type of a higher layer: "user (layer) → used (layer) via what".</summary>
    public IEnumerable<string> UpwardReferences()
    {
        foreach (Type type in assembly.GetTypes())
        {
            if (LayerOf(type) is not int layer)
            {
                continue;
            }

            var seen = new HashSet<(Type, string)>();
            foreach ((Type used, string via) in Uses(type))
            {
                foreach (Type part in Parts(used))
                {
                    if (part.Assembly == assembly && LayerOf(part) is int usedLayer && usedLayer > layer && seen.Add((part, via)))
                    {
                        yield return $"{type.FullName} (layer {layer}) uses {part.FullName} (layer {usedLayer}) via {via}";
                    }
                }
            }
        }
    }

    private static bool IsCompilerEmitted(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), false)
        || type.Name.StartsWith('<')
        || (type.Namespace?.StartsWith("System.", StringComparison.Ordinal) ?? false)
        || (type.Namespace?.StartsWith("Microsoft.", StringComparison.Ordinal) ?? false);

    private static TypeDefinitionHandle TopLevel(MetadataReader md, TypeDefinitionHandle type)
    {
        while (true)
        {
            TypeDefinitionHandle outer = md.GetTypeDefinition(type).GetDeclaringType();
            if (outer.IsNil)
            {
                return type;
            }

            type = outer;
        }
    }

    private static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        TypeDefinition type = md.GetTypeDefinition(handle);
        return md.GetString(type.Namespace) + "." + md.GetString(type.Name);
    }

    /// <summary>The type itself, its element type and its generic arguments, recursively.</summary>
    private static IEnumerable<Type> Parts(Type type)
    {
        if (type.HasElementType)
        {
            foreach (Type part in Parts(type.GetElementType()!))
            {
                yield return part;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            foreach (Type constraint in type.GetGenericParameterConstraints())
            {
                foreach (Type part in Parts(constraint))
                {
                    yield return part;
                }
            }

            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (Type argument in type.GetGenericArguments())
            {
                foreach (Type part in Parts(argument))
                {
                    yield return part;
                }
            }
        }
    }

    private static IEnumerable<(Type Used, string Via)> Uses(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is not null)
        {
            yield return (type.BaseType, "its base type");
        }

        foreach (Type face in type.GetInterfaces())
        {
            yield return (face, "an interface");
        }

        foreach (Type argument in type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])
        {
            yield return (argument, "a generic constraint");
        }

        foreach (FieldInfo field in type.GetFields(all))
        {
            yield return (field.FieldType, $"field {field.Name}");
        }

        foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                yield return (info.ReturnType, $"{method.Name}'s return type");
                foreach (Type argument in info.IsGenericMethodDefinition ? info.GetGenericArguments() : [])
                {
                    yield return (argument, $"{method.Name}'s generic constraint");
                }
            }

            foreach (ParameterInfo parameter in method.GetParameters())
            {
                yield return (parameter.ParameterType, $"{method.Name}'s parameter {parameter.Name}");
            }

            MethodBody? body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (LocalVariableInfo local in body.LocalVariables)
            {
                yield return (local.LocalType, $"a local of {method.Name}");
            }

            foreach (Type used in TokensIn(method, body.GetILAsByteArray() ?? []))
            {
                yield return (used, $"the code of {method.Name}");
            }
        }
    }

    /// <summary>The types named by the type, field and method tokens of an IL body (for members: the declaring type and the signature).</summary>
    private static IEnumerable<Type> TokensIn(MethodBase method, byte[] il)
    {
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int at = 0;
        while (at < il.Length)
        {
            OpCode code = il[at] == 0xfe ? TwoByte[il[++at]] : OneByte[il[at]];
            at++;
            int operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
            {
                MemberInfo? member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                switch (member)
                {
                    case Type used:
                        yield return used;
                        break;
                    case FieldInfo field:
                        yield return field.DeclaringType!;
                        yield return field.FieldType;
                        break;
                    case MethodBase called:
                        yield return called.DeclaringType!;
                        foreach (Type argument in called.IsGenericMethod ? called.GetGenericArguments() : [])
                        {
                            yield return argument;
                        }

                        if (called is MethodInfo calledInfo)
                        {
                            yield return calledInfo.ReturnType;
                        }

                        foreach (ParameterInfo parameter in called.GetParameters())
                        {
                            yield return parameter.ParameterType;
                        }

                        break;
                }
            }

            at += operand;
        }
    }
}
