package io.cambium.llm.generate;

/** Why generation ended. */
public enum FinishReason {
    /** The maximum number of new tokens was reached. */
    LENGTH,
    /** A stop token was generated. */
    STOP_TOKEN,
    /** The text contained a stop string. */
    STOP_STRING
}
