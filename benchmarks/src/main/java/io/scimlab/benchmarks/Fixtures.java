package io.scimlab.benchmarks;

import java.util.List;

/**
 * Shared inputs of every benchmark group. Each library side (the anchors and ScimLab) reads the same strings
 * from here, so that one JMH run compares like with like.
 *
 * <p>The user documents reproduce RFC 7643 section 8.2 (full user representation) attribute for attribute,
 * including the x509 certificate and the escaped slash of {@code meta.version}; {@link #FULL_ENTERPRISE_USER}
 * is the same user with the section 8.3 enterprise extension added (its schema URN in {@code schemas} and
 * its extension object). Nothing else differs between the two.
 */
public final class Fixtures {

  private Fixtures() {
  }

  public static final String CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
  public static final String ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
  public static final String USER_ID = "2819c223-7f76-453a-919d-413861904646";

  /** RFC 7643 section 8.2, verbatim data. */
  public static final String FULL_USER = """
      {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "701984",
        "userName": "bjensen@example.com",
        "name": {
          "formatted": "Ms. Barbara J Jensen, III",
          "familyName": "Jensen",
          "givenName": "Barbara",
          "middleName": "Jane",
          "honorificPrefix": "Ms.",
          "honorificSuffix": "III"
        },
        "displayName": "Babs Jensen",
        "nickName": "Babs",
        "profileUrl": "https://login.example.com/bjensen",
        "emails": [
          {
            "value": "bjensen@example.com",
            "type": "work",
            "primary": true
          },
          {
            "value": "babs@jensen.org",
            "type": "home"
          }
        ],
        "addresses": [
          {
            "type": "work",
            "streetAddress": "100 Universal City Plaza",
            "locality": "Hollywood",
            "region": "CA",
            "postalCode": "91608",
            "country": "USA",
            "formatted": "100 Universal City Plaza\\nHollywood, CA 91608 USA",
            "primary": true
          },
          {
            "type": "home",
            "streetAddress": "456 Hollywood Blvd",
            "locality": "Hollywood",
            "region": "CA",
            "postalCode": "91608",
            "country": "USA",
            "formatted": "456 Hollywood Blvd\\nHollywood, CA 91608 USA"
          }
        ],
        "phoneNumbers": [
          {
            "value": "555-555-5555",
            "type": "work"
          },
          {
            "value": "555-555-4444",
            "type": "mobile"
          }
        ],
        "ims": [
          {
            "value": "someaimhandle",
            "type": "aim"
          }
        ],
        "photos": [
          {
            "value": "https://photos.example.com/profilephoto/72930000000Ccne/F",
            "type": "photo"
          },
          {
            "value": "https://photos.example.com/profilephoto/72930000000Ccne/T",
            "type": "thumbnail"
          }
        ],
        "userType": "Employee",
        "title": "Tour Guide",
        "preferredLanguage": "en-US",
        "locale": "en-US",
        "timezone": "America/Los_Angeles",
        "active":true,
        "password": "t1meMa$heen",
        "groups": [
          {
            "value": "e9e30dba-f08f-4109-8486-d5c6a331660a",
            "$ref": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a",
            "display": "Tour Guides"
          },
          {
            "value": "fc348aa8-3835-40eb-a20b-c726e15c55b5",
            "$ref": "https://example.com/v2/Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5",
            "display": "Employees"
          },
          {
            "value": "71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7",
            "$ref": "https://example.com/v2/Groups/71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7",
            "display": "US Employees"
          }
        ],
        "x509Certificates": [
          {
            "value": "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMxEzARBgNVBAgMCkNhbGlmb3JuaWExFDASBgNVBAoMC2V4YW1wbGUuY29tMRQwEgYDVQQDDAtleGFtcGxlLmNvbTAeFw0xMTEwMjIwNjI0MzFaFw0xMjEwMDQwNjI0MzFaMH8xCzAJBgNVBAYTAlVTMRMwEQYDVQQIDApDYWxpZm9ybmlhMRQwEgYDVQQKDAtleGFtcGxlLmNvbTEhMB8GA1UEAwwYTXMuIEJhcmJhcmEgSiBKZW5zZW4gSUlJMSIwIAYJKoZIhvcNAQkBFhNiamVuc2VuQGV4YW1wbGUuY29tMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7Kr+Dcds/JQ5GwejJFcBIP682X3xpjis56AK02bc1FLgzdLI8auoR+cC9/Vrh5t66HkQIOdA4unHh0AaZ4xL5PhVbXIPMB5vAPKpzz5iPSi8xO8SL7I7SDhcBVJhqVqr3HgllEG6UClDdHO7nkLuwXq8HcISKkbT5WFTVfFZzidPl8HZ7DhXkZIRtJwBweq4bvm3hM1Os7UQH05ZS6cVDgweKNwdLLrT51ikSQG3DYrl+ft781UQRIqxgwqCfXEuDiinPh0kkvIi5jivVu1Z9QiwlYEdRbLJ4zJQBmDrSGTMYn4lRc2HgHO4DqB/bnMVorHB0CC6AV1QoFK4GPe1LwIDAQABo3sweTAJBgNVHRMEAjAAMCwGCWCGSAGG+EIBDQQfFh1PcGVuU1NMIEdlbmVyYXRlZCBDZXJ0aWZpY2F0ZTAdBgNVHQ4EFgQU8pD0U0vsZIsaA16lL8En8bx0F/gwHwYDVR0jBBgwFoAUdGeKitcaF7gnzsNwDx708kqaVt0wDQYJKoZIhvcNAQEFBQADgYEAA81SsFnOdYJtNg5Tcq+/ByEDrBgnusx0jloUhByPMEVkoMZ3J7j1ZgI8rAbOkNngX8+pKfTiDz1RC4+dx8oU6Za+4NJXUjlL5CvV6BEYb1+QAEJwitTVvxB/A67g42/vzgAtoRUeDov1+GFiBZ+GNF/cAYKcMtGcrs2i97ZkJMo="
          }
        ],
        "meta": {
          "resourceType": "User",
          "created": "2010-01-23T04:56:22Z",
          "lastModified": "2011-05-13T04:42:34Z",
          "version": "W\\/\\"a330bc54f0671c9\\"",
          "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"
        }
      }
      """;

  /** The RFC 7643 section 8.3 enterprise extension object, verbatim data. */
  static final String ENTERPRISE_EXTENSION = """
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
          "employeeNumber": "701984",
          "costCenter": "4130",
          "organization": "Universal Studios",
          "division": "Theme Park",
          "department": "Tour Operations",
          "manager": {
            "value": "26118915-6090-4610-87e4-49d8ca9f808d",
            "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
            "displayName": "John Smith"
          }
        },
      """;

  /** {@link #FULL_USER} plus the RFC 7643 section 8.3 enterprise extension (schema URN and object). */
  public static final String FULL_ENTERPRISE_USER = FULL_USER
      .replace("\"schemas\": [\"" + CORE_USER_SCHEMA + "\"],",
          "\"schemas\": [\"" + CORE_USER_SCHEMA + "\", \"" + ENTERPRISE_USER_SCHEMA + "\"],")
      .replace("  \"meta\": {", ENTERPRISE_EXTENSION.stripTrailing().substring(2) + "\n  \"meta\": {");

  // ---------------------------------------------------------------------------------------------------------
  // Filters
  // ---------------------------------------------------------------------------------------------------------

  /** The eight filters that the parse benchmarks cycle through, in this order. */
  public static final List<String> FILTERS = List.of(
      "userName eq \"bjensen\"",
      "name.familyName co \"O'Malley\"",
      "userName sw \"J\"",
      "title pr and userType eq \"Employee\"",
      "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
      "meta.lastModified gt \"2011-05-13T04:42:34Z\" and not (active eq false)",
      "(userType eq \"Employee\" or userType eq \"Intern\") and (emails co \"example.com\" or emails.value co \"example.org\")",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"");

  /** The 5th filter: evaluated pre-parsed against {@link #FULL_ENTERPRISE_USER}; it matches. */
  public static final String EVAL_FILTER_VALUE_PATH = FILTERS.get(4);

  /** The 7th filter: evaluated pre-parsed against {@link #FULL_ENTERPRISE_USER}; it does not match. */
  public static final String EVAL_FILTER_LOGICAL = FILTERS.get(6);

  /**
   * Expected outcome of {@link #EVAL_FILTER_VALUE_PATH} on {@link #FULL_ENTERPRISE_USER}: the work email is
   * bjensen@example.com.
   */
  public static final boolean EVAL_FILTER_VALUE_PATH_MATCHES = true;

  /**
   * Expected outcome of {@link #EVAL_FILTER_LOGICAL} on {@link #FULL_ENTERPRISE_USER}. The first group matches
   * (userType is Employee); in the second, {@code emails.value co "example.org"} matches nothing
   * (bjensen@example.com, babs@jensen.org), and {@code emails co "example.com"} names the complex attribute
   * without a sub-attribute, which RFC 7644 section 3.4.2.2 says a filter MUST NOT do ("For complex
   * attributes, a fully qualified sub-attribute MUST be specified"). Both anchors (UnboundID 5.0.0 and
   * SCIM-SDK 1.30.0) evaluate that comparison to false instead of implying {@code emails.value}, so the whole
   * filter is false. A side that implies the {@code value} sub-attribute answers true; it must say so next to
   * its numbers, since it then evaluates more of the filter.
   */
  public static final boolean EVAL_FILTER_LOGICAL_MATCHES = false;

  // ---------------------------------------------------------------------------------------------------------
  // PATCH
  // ---------------------------------------------------------------------------------------------------------

  public static final String PATCHED_GIVEN_NAME = "Barbara-Ann";
  public static final String ADDED_WORK_EMAIL = "barbara.jensen@example.com";
  public static final String NEW_MANAGER_ID = "7c5e9a3e-4f5c-4b8e-9f0e-2d1b6a8c4e21";

  /**
   * Five operations on {@link #FULL_ENTERPRISE_USER}: replace name.givenName, add a work email, remove the home
   * email, replace active with false, add the enterprise manager.value.
   */
  public static final String USER_PATCH = """
      {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
          {"op": "replace", "path": "name.givenName", "value": "Barbara-Ann"},
          {"op": "add", "path": "emails", "value": [{"value": "barbara.jensen@example.com", "type": "work"}]},
          {"op": "remove", "path": "emails[type eq \\"home\\"]"},
          {"op": "replace", "path": "active", "value": false},
          {"op": "add",
           "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
           "value": "7c5e9a3e-4f5c-4b8e-9f0e-2d1b6a8c4e21"}
        ]
      }
      """;

  // ---------------------------------------------------------------------------------------------------------
  // Group membership scaling
  // ---------------------------------------------------------------------------------------------------------

  /** How many members the membership PATCH adds, and how many existing ones it removes. */
  public static final int MEMBERSHIP_DELTA = 100;

  /** A deterministic member id: member i of a group (existing members are 0..n-1). */
  public static String memberId(int i) {
    return String.format("00000000-0000-4000-8000-%012d", i);
  }

  /** A group document with {@code members} user members, ids {@code memberId(0..members-1)}. */
  public static String groupWithMembers(int members) {
    StringBuilder sb = new StringBuilder(members * 128 + 256);
    sb.append("{\"schemas\":[\"").append(GROUP_SCHEMA).append("\"],")
        .append("\"id\":\"e9e30dba-f08f-4109-8486-d5c6a331660a\",")
        .append("\"displayName\":\"Tour Guides\",\"members\":[");
    for (int i = 0; i < members; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String id = memberId(i);
      sb.append("{\"value\":\"").append(id)
          .append("\",\"$ref\":\"https://example.com/v2/Users/").append(id)
          .append("\",\"type\":\"User\"}");
    }
    return sb.append("]}").toString();
  }

  /**
   * One PATCH on a group of {@code members} members: an add of {@value #MEMBERSHIP_DELTA} new members
   * (ids {@code memberId(members..members+99)}) and a remove of {@value #MEMBERSHIP_DELTA} existing ones
   * (every {@code members/100}-th), the remove as a single value-filter path joined with {@code or}.
   */
  public static String groupMembershipPatch(int members) {
    StringBuilder sb = new StringBuilder(16_384);
    sb.append("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[")
        .append("{\"op\":\"add\",\"path\":\"members\",\"value\":[");
    for (int i = 0; i < MEMBERSHIP_DELTA; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("{\"value\":\"").append(memberId(members + i)).append("\"}");
    }
    sb.append("]},{\"op\":\"remove\",\"path\":\"members[");
    for (int i = 0; i < MEMBERSHIP_DELTA; i++) {
      if (i > 0) {
        sb.append(" or ");
      }
      sb.append("value eq \\\"").append(removedMemberId(members, i)).append("\\\"");
    }
    return sb.append("]\"}]}").toString();
  }

  /** The i-th (0..99) member that {@link #groupMembershipPatch(int)} removes. */
  public static String removedMemberId(int members, int i) {
    int stride = Math.max(1, members / MEMBERSHIP_DELTA);
    return memberId(i * stride);
  }
}
