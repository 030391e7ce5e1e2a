package dev.puppetengine.social;

/**
 * The human-in-the-loop gate of the outbox (issue 12): a draft the persona's approval mode gates is stored as
 * {@link OutboxStatus#AWAITING_APPROVAL} instead of pending, and sent only once a human approved it. Asked by
 * {@link PolicedOutbox} after the platform policy let the draft through; likes are never gated. Thread-safe.
 */
public interface ApprovalGate {

    /** A gate that lets everything through. */
    ApprovalGate NONE = new ApprovalGate() {
        @Override
        public boolean gates(OutboxItem.Draft draft) {
            return false;
        }

        @Override
        public void awaiting(OutboxItem item) {}
    };

    /** True when {@code draft} must wait for a human before it is sent. */
    boolean gates(OutboxItem.Draft draft);

    /** {@code item} was stored awaiting approval; called in the transaction that stored it (for the decision log). */
    void awaiting(OutboxItem item);
}
