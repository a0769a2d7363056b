package dev.carriage.store.keys;

import dev.carriage.store.account.Role;
import dev.carriage.store.auth.SigningKeys;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.secrets.MasterKeys;
import dev.carriage.store.secrets.SecretColumn;
import dev.carriage.store.secrets.SecretsAtRest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Map;

/**
 * The admin's keys: {@code GET /api/admin/keys} lists the signing keys (and which are published)
 * and how many stored secrets each master key seals; {@code POST /api/admin/keys/signing/rotate}
 * makes a new signing key and signs every stored manifest again with it.
 */
@Path("/api/admin/keys")
@RolesAllowed(Role.Names.ADMIN)
public class KeyAdminResource {

  private final SigningKeys signingKeys;
  private final GridService grid;
  private final MasterKeys masterKeys;
  private final SecretsAtRest secrets;

  public KeyAdminResource(SigningKeys signingKeys, GridService grid, MasterKeys masterKeys, SecretsAtRest secrets) {
    this.signingKeys = signingKeys;
    this.grid = grid;
    this.masterKeys = masterKeys;
    this.secrets = secrets;
  }

  public record Keys(String signingKey, List<String> publishedSigningKeys, String masterKey, Map<SecretColumn, Map<String, Long>> sealedBy) {}

  public record Rotated(String current, String replaced, boolean replacedWithdrawn, int manifestsResigned) {}

  @GET
  public Keys keys() {
    @SuppressWarnings("unchecked")
    List<Map<String, String>> published = (List<Map<String, String>>) signingKeys.jwks().get("keys");
    return new Keys(signingKeys.active().keyId(), published.stream().map(jwk -> jwk.get("kid")).toList(), masterKeys.currentId(),
        secrets.census());
  }

  /** @param withdraw "true" when the replaced key may be compromised: it stops being published at once */
  @POST
  @Path("/signing/rotate")
  public Rotated rotate(@QueryParam("withdraw") String withdraw) {
    if (withdraw != null && !withdraw.equals("true") && !withdraw.equals("false")) {
      throw ProblemException.invalidField("withdraw", "must be true or false, not " + withdraw);
    }
    SigningKeys.Rotation rotation = signingKeys.rotate("true".equals(withdraw));
    int resigned = grid.resignManifests();
    return new Rotated(rotation.current(), rotation.replaced(), rotation.replacedWithdrawn(), resigned);
  }
}
