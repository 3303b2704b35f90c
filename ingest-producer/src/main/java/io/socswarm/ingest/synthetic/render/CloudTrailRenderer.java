package io.socswarm.ingest.synthetic.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.socswarm.model.SecurityEvent;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Domain logons ({@code authentication}/{@code logon}) as AWS console sign-ins: CloudTrail
 * {@code ConsoleLogin} records, one JSON record a line as log shippers write them, with the
 * client in {@code sourceIPAddress} and, as AWS writes a failed sign-in, no {@code errorCode} but
 * {@code responseElements.ConsoleLogin = "Failure"} and {@code errorMessage "Failed authentication"}.
 * CloudTrail's {@code eventTime} has whole seconds.
 */
public final class CloudTrailRenderer implements Renderer {
    private static final String ACCOUNT = "123456789012";

    @Override
    public String name() {
        return "cloudtrail";
    }

    @Override
    public String readerFormat() {
        return "cloudtrail";
    }

    @Override
    public String expresses() {
        return "domain logons (authentication/logon) as ConsoleLogin sign-ins of IAM users";
    }

    @Override
    public boolean canRender(SecurityEvent e) {
        return "authentication".equals(e.category()) && "logon".equals(e.action()) && e.userName() != null
                && e.sourceIp() != null && (e.succeeded() || e.failed());
    }

    @Override
    public List<String> render(SecurityEvent e, long sequence) {
        boolean ok = e.succeeded();
        ObjectNode r = RenderJson.object();
        r.put("eventVersion", "1.08");
        ObjectNode identity = r.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("principalId", String.format(Locale.ROOT, "AIDA%016d", Math.abs((long) e.userName().hashCode())));
        identity.put("arn", "arn:aws:iam::" + ACCOUNT + ":user/" + e.userName());
        identity.put("accountId", ACCOUNT);
        identity.put("userName", e.userName());
        r.put("eventTime", e.timestamp().truncatedTo(ChronoUnit.SECONDS).toString());
        r.put("eventSource", "signin.amazonaws.com");
        r.put("eventName", "ConsoleLogin");
        r.put("awsRegion", "us-east-1");
        r.put("sourceIPAddress", e.sourceIp());
        r.put("userAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:124.0) Gecko/20100101 Firefox/124.0");
        if (!ok) {
            r.put("errorMessage", "Failed authentication");
        }
        r.putNull("requestParameters");
        r.putObject("responseElements").put("ConsoleLogin", ok ? "Success" : "Failure");
        r.putObject("additionalEventData").put("LoginTo", "https://console.aws.amazon.com/console/home")
                .put("MobileVersion", "No").put("MFAUsed", "No");
        r.put("eventID", String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", sequence));
        r.put("readOnly", false);
        r.put("eventType", "AwsConsoleSignIn");
        r.put("managementEvent", true);
        r.put("recipientAccountId", ACCOUNT);
        r.put("eventCategory", "Management");
        return List.of(RenderJson.line(r));
    }

    @Override
    public String matchKey(SecurityEvent e) {
        return Renderer.key(e.timestamp(), ChronoUnit.SECONDS, Renderer.sourceAddress(e), e.userName());
    }
}
