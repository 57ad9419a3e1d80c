package org.slidescore.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a Kustomize directory the way {@code kubectl kustomize} does for the features deploy/k8s uses: resources
 * (files and directories, recursively), {@code labels} (metadata only), strategic-merge {@code patches} by path
 * (maps merged, lists of named items merged by name, other lists replaced), {@code images} (newName/newTag) and
 * {@code namespace}. Anything else in a kustomization.yaml fails the rendering, so a manifest change that this
 * renderer does not understand is noticed instead of ignored.
 */
final class Kustomize {
    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "namespace", "resources", "patches",
            "images", "labels");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "StorageClass", "PersistentVolume", "CustomResourceDefinition");

    static List<Map<String, Object>> build(Path dir) {
        Map<String, Object> k = map(load(dir.resolve("kustomization.yaml")).get(0), dir + "/kustomization.yaml");
        for (String key : k.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new AssertionError(dir + "/kustomization.yaml: field '" + key + "' is not supported by the test's renderer");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object r : list(k.getOrDefault("resources", List.of()), "resources")) {
            Path p = dir.resolve(String.valueOf(r)).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(build(p));
            } else {
                for (Object doc : load(p)) {
                    objects.add(map(doc, p.toString()));
                }
            }
        }
        for (Object l : list(k.getOrDefault("labels", List.of()), "labels")) {
            Map<String, Object> pairs = map(map(l, "labels item").get("pairs"), "labels.pairs");
            for (Map<String, Object> o : objects) {
                Map<String, Object> meta = map(o.get("metadata"), "metadata");
                @SuppressWarnings("unchecked")
                Map<String, Object> labels = (Map<String, Object>) meta.computeIfAbsent("labels", x -> new LinkedHashMap<>());
                labels.putAll(pairs);
            }
        }
        for (Object p : list(k.getOrDefault("patches", List.of()), "patches")) {
            Map<String, Object> patch = map(p, "patch");
            if (!patch.keySet().equals(Set.of("path"))) {
                throw new AssertionError(dir + ": only patches with a path are supported: " + patch);
            }
            Path file = dir.resolve(String.valueOf(patch.get("path")));
            for (Object doc : load(file)) {
                Map<String, Object> pd = map(doc, file.toString());
                Map<String, Object> target = find(objects, String.valueOf(pd.get("kind")), name(pd));
                if (target == null) {
                    throw new AssertionError(file + ": patch for " + pd.get("kind") + " " + name(pd) + " matches nothing");
                }
                merge(target, pd);
            }
        }
        for (Object i : list(k.getOrDefault("images", List.of()), "images")) {
            Map<String, Object> image = map(i, "images item");
            boolean used = false;
            for (Map<String, Object> o : objects) {
                for (Map<String, Object> c : containers(o)) {
                    String ref = String.valueOf(c.get("image"));
                    int colon = ref.lastIndexOf(':');
                    String n = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
                    String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon + 1) : null;
                    if (n.equals(image.get("name"))) {
                        used = true;
                        String newName = (String) image.getOrDefault("newName", n);
                        Object newTag = image.getOrDefault("newTag", tag);
                        c.put("image", newName + (newTag == null ? "" : ":" + newTag));
                    }
                }
            }
            if (!used) {
                throw new AssertionError(dir + ": image " + image.get("name") + " is used by no container");
            }
        }
        Object ns = k.get("namespace");
        if (ns != null) {
            for (Map<String, Object> o : objects) {
                if (!CLUSTER_SCOPED.contains(String.valueOf(o.get("kind")))) {
                    map(o.get("metadata"), "metadata").put("namespace", ns);
                }
            }
        }
        return objects;
    }

    static List<Object> load(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Object> docs = new ArrayList<>();
        for (Object d : yaml.loadAll(Project.read(file))) {
            if (d != null) {
                docs.add(d);
            }
        }
        if (docs.isEmpty()) {
            throw new AssertionError(file + " holds no YAML document");
        }
        return docs;
    }

    static String name(Map<String, Object> o) {
        return String.valueOf(map(o.get("metadata"), "metadata of " + o.get("kind")).get("name"));
    }

    static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        Map<String, Object> found = null;
        for (Map<String, Object> o : objects) {
            if (kind.equals(o.get("kind")) && name.equals(name(o))) {
                if (found != null) {
                    throw new AssertionError("two " + kind + " named " + name);
                }
                found = o;
            }
        }
        return found;
    }

    /** The containers of a workload (empty for anything else). */
    static List<Map<String, Object>> containers(Map<String, Object> o) {
        if (!(o.get("spec") instanceof Map<?, ?> spec) || !(spec.get("template") instanceof Map<?, ?> t)
                || !(t.get("spec") instanceof Map<?, ?> pod)) {
            return List.of();
        }
        List<Map<String, Object>> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers")) {
            if (pod.get(field) != null) {
                for (Object c : list(pod.get(field), field)) {
                    all.add(map(c, "container"));
                }
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch) {
        for (var e : patch.entrySet()) {
            Object current = target.get(e.getKey());
            Object value = e.getValue();
            if (current instanceof Map && value instanceof Map) {
                merge((Map<String, Object>) current, (Map<String, Object>) value);
            } else if (current instanceof List<?> cl && value instanceof List<?> vl && named(cl) && named(vl)) {
                List<Object> merged = new ArrayList<>(cl);
                for (Object item : vl) {
                    Map<String, Object> m = (Map<String, Object>) item;
                    Map<String, Object> same = null;
                    for (Object c : merged) {
                        if (Objects.equals(((Map<String, Object>) c).get("name"), m.get("name"))) {
                            same = (Map<String, Object>) c;
                        }
                    }
                    if (same != null) {
                        merge(same, m);
                    } else {
                        merged.add(m);
                    }
                }
                target.put(e.getKey(), merged);
            } else {
                target.put(e.getKey(), value);
            }
        }
    }

    private static boolean named(List<?> l) {
        return !l.isEmpty() && l.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new AssertionError(what + " is not a mapping: " + o);
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (!(o instanceof List)) {
            throw new AssertionError(what + " is not a list: " + o);
        }
        return (List<Object>) o;
    }

    private Kustomize() {
    }
}
