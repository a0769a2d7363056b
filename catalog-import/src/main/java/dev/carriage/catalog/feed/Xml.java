package dev.carriage.catalog.feed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** DOM lookups by local name (DDEX versions differ in namespace, not in names), and a parser that reads no DTD or entity. */
final class Xml {

  private Xml() {}

  /** Namespace-aware, DOCTYPEs refused outright: no DTD, no entity, no external fetch (XXE). */
  static DocumentBuilder secureBuilder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Throws on fatal errors, stays silent otherwise: problems go to the report, not to stderr.
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      return builder;
    } catch (ParserConfigurationException impossible) {
      throw new IllegalStateException("the JDK's XML parser refuses secure settings", impossible);
    }
  }

  static Optional<Element> child(Element parent, String localName) {
    return children(parent, localName).stream().findFirst();
  }

  static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && localName.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  static List<Element> descendants(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    var nodes = parent.getElementsByTagNameNS("*", localName);
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  /** The first descendant with this name, as trimmed text. */
  static Optional<String> text(Element parent, String localName) {
    return descendants(parent, localName).stream().map(Node::getTextContent).map(String::strip).filter(value -> !value.isEmpty()).findFirst();
  }

  static Optional<String> firstText(Element parent, String... localNames) {
    for (String name : localNames) {
      Optional<String> value = text(parent, name);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  static Set<String> texts(Element parent, String localName) {
    Set<String> values = new LinkedHashSet<>();
    descendants(parent, localName).forEach(element -> values.add(element.getTextContent().strip()));
    return values;
  }
}
