package io.scimlab.verify.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * scimlab-bom manages exactly ScimLab's published artifacts, at the build's version, and nothing else: every module
 * of the build that is deployed (no {@code maven.deploy.skip}) and is not the BOM itself, and no other dependency
 * (an imported BOM brings all it manages into a user's build).
 */
class BomTest {
    static final Path ROOT = ReadmeSnippetsTest.ROOT;

    @Test
    void theBomListsExactlyThePublishedModules() throws Exception {
        Document parent = parse(ROOT.resolve("pom.xml"));
        String version = text(parent.getDocumentElement(), "version");
        Set<String> published = new TreeSet<>();
        for (Element module : children(child(parent.getDocumentElement(), "modules"), "module")) {
            Document pom = parse(ROOT.resolve(module.getTextContent().strip()).resolve("pom.xml"));
            Element project = pom.getDocumentElement();
            Element properties = child(project, "properties");
            boolean skipped = properties != null && child(properties, "maven.deploy.skip") != null
                    && text(properties, "maven.deploy.skip").equals("true");
            String artifactId = text(project, "artifactId");
            if (!skipped && !artifactId.equals("scimlab-bom")) {
                published.add("io.scimlab:" + artifactId + ":" + version);
            }
        }

        Element bom = parse(ROOT.resolve("scimlab-bom/pom.xml")).getDocumentElement();
        assertThat(text(bom, "version")).isEqualTo(version);
        assertThat(child(bom, "parent")).as("a parent's dependencyManagement would be imported too").isNull();
        assertThat(child(bom, "dependencies")).isNull();
        Set<String> managed = new TreeSet<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            managed.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":"
                    + text(dependency, "version").replace("${project.version}", version));
        }
        assertThat(published).contains("io.scimlab:scim-core:" + version, "io.scimlab:scim-gitlab:" + version);
        assertThat(managed).isEqualTo(published);
    }

    static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(Files.newInputStream(pom));
    }

    static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().strip();
    }
}
