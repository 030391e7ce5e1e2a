package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.GoLiveChecklist;
import java.util.ArrayList;
import java.util.List;

/**
 * The go-live checks that need no request to X, shared by {@code ./puppet doctor} (which adds the account, its write
 * access and its rate limits from {@code GET /2/users/me}) and the dashboard's checklist, which says that only doctor
 * asks X about the account.
 */
public final class GoLiveChecks implements GoLiveChecklist {

    static final String ACCOUNT_BY_DOCTOR =
            "not asked from the dashboard: ./puppet doctor checks the account, its write access and rate limits with"
                    + " GET /2/users/me";

    private final XPolicyProperties policy;
    private final XReadsProperties reads;
    private final XCredentialsResolver credentials;

    public GoLiveChecks(XPolicyProperties policy, XReadsProperties reads, XCredentialsResolver credentials) {
        this.policy = policy;
        this.reads = reads;
        this.credentials = credentials;
    }

    @Override
    public Report check(PersonaSpec persona) {
        List<Check> checks = new ArrayList<>();
        XCredentialsResolver.Resolution resolution = credentials.resolve(persona);
        checks.add(credentials(resolution));
        if (!(resolution instanceof XCredentialsResolver.Missing)) {
            checks.add(new Check("account", Result.WARN, ACCOUNT_BY_DOCTOR));
        }
        checks.addAll(settings());
        return new Report(checks, new Quota(policy.settings(true).capOf(persona.id()), reads.monthlyBudget()));
    }

    /** Whose credentials the persona would use live, or why it has none. */
    public static Check credentials(XCredentialsResolver.Resolution resolution) {
        return switch (resolution) {
            case XCredentialsResolver.Missing(String reason) -> new Check("credentials", Result.FAIL, reason);
            case XCredentialsResolver.UserToken token ->
                new Check(
                        "credentials",
                        Result.OK,
                        "OAuth 2.0 user token from " + token.source().describe());
            case XCredentialsResolver.Resolved resolved ->
                new Check(
                        "credentials",
                        Result.OK,
                        "OAuth 1.0a from " + resolved.source().describe());
        };
    }

    /** The switches, in doctor's order: AI replies, the read budget, the automation label. */
    public List<Check> settings() {
        return List.of(
                policy.aiRepliesApproved()
                        ? new Check("ai replies", Result.OK, "approved (puppet.x.ai-replies-approved)")
                        : new Check(
                                "ai replies",
                                Result.WARN,
                                "not approved: replies are held; set PUPPET_X_AIREPLIESAPPROVED=true once X approved"
                                        + " them"),
                reads.monthlyBudget() > 0
                        ? new Check(
                                "read budget",
                                Result.OK,
                                reads.monthlyBudget() + " reads per month (used so far: GET /api/usage)")
                        : new Check(
                                "read budget",
                                Result.WARN,
                                "none set: puppet.x.reads.monthly-budget (PUPPET_X_READS_MONTHLYBUDGET) keeps reads"
                                        + " within your plan"),
                policy.automationLabelAcknowledged()
                        ? new Check("automation label", Result.OK, "acknowledged")
                        : new Check(
                                "automation label",
                                Result.FAIL,
                                "set X's automation label on the account, then"
                                        + " PUPPET_X_AUTOMATIONLABELACKNOWLEDGED=true"));
    }
}
