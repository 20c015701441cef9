package io.cambium.llm.finetune.instruct;

/** One turn of a conversation: a role ({@code system}, {@code user}, {@code assistant}) and its text. */
public record Message(String role, String content) {
    /** The roles a conversation may use. */
    public static final java.util.List<String> ROLES = java.util.List.of("system", "user", "assistant");

    public Message {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "' (roles: " + String.join(", ", ROLES) + ")");
        }
        if (content == null) {
            throw new IllegalArgumentException("message of role " + role + " has no content");
        }
    }
}
