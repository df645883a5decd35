/** A user's module: reads ScimLab's published modules, and neither JUnit nor JSpecify. */
module io.scimlab.verify.jpms {
    requires io.scimlab.core;
    requires io.scimlab.gitlab;
    requires io.scimlab.testkit;
    requires io.scimlab.servlet;
    requires io.scimlab.jaxrs;
}
