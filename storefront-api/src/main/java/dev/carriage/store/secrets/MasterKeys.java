package dev.carriage.store.secrets;

import dev.carriage.store.StoreConfig;
import dev.carriage.store.database.DatabaseSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The master keys that seal the store's secrets at rest (content keys, signing keys, its own
 * secrets): the current one seals, it and any previous ones open. The current key comes from
 * {@code carriage.secrets.master-key} (base64), or the file {@code carriage.secrets.master-key-file}
 * names, or, for local runs, {@code $CARRIAGE_HOME/master.key}, made on first start and
 * readable by its owner only. The production profile must be given one (see {@link #refusal}).
 */
@ApplicationScoped
public class MasterKeys {

  private static final Logger LOG = Logger.getLogger(MasterKeys.class);
  static final String KEY_VARIABLE = "CARRIAGE_SECRETS_MASTER_KEY";
  static final String FILE_VARIABLE = "CARRIAGE_SECRETS_MASTER_KEY_FILE";
  static final String LOCAL_FILE = "master.key";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final MasterKey current;
  private final Map<String, MasterKey> all;

  public MasterKeys(StoreConfig config) {
    StoreConfig.Secrets settings = config.secrets();
    this.current = settings.masterKey().map(base64 -> MasterKey.parse(base64, "carriage.secrets.master-key"))
        .orElseGet(() -> fromFile(settings.masterKeyFile().map(Path::of).orElseGet(MasterKeys::localFile),
            settings.masterKeyFile().isEmpty()));
    Map<String, MasterKey> keys = new LinkedHashMap<>();
    keys.put(current.id(), current);
    for (String previous : settings.previousMasterKeys().orElse(List.of())) {
      MasterKey key = MasterKey.parse(previous, "carriage.secrets.previous-master-keys");
      keys.putIfAbsent(key.id(), key);
    }
    this.all = Map.copyOf(keys);
    LOG.infof("Secrets at rest are sealed under master key %s (%d more can open older values)", current.id(), all.size() - 1);
  }

  /**
   * Why a production store must not start: it was given no master key, so it would make one of
   * its own on one machine's disk, and other replicas could not open what it sealed.
   */
  public static Optional<String> refusal(Map<String, String> environment, Properties systemProperties, boolean production) {
    boolean given = notBlank(environment.get(KEY_VARIABLE)) || notBlank(environment.get(FILE_VARIABLE))
        || notBlank(systemProperties.getProperty("carriage.secrets.master-key"))
        || notBlank(systemProperties.getProperty("carriage.secrets.master-key-file"));
    return production && !given
        ? Optional.of("the production profile needs a master key for secrets at rest: set " + KEY_VARIABLE
            + " (base64 of 32 random bytes) or " + FILE_VARIABLE + " (a file holding it), the same on every replica")
        : Optional.empty();
  }

  public String currentId() {
    return current.id();
  }

  public Sealed seal(byte[] secret, String context) {
    return new Sealed(current.id(), Envelope.seal(current.key(), secret, context));
  }

  /** @throws IllegalStateException naming the missing key, when the value was sealed under a key this store was not given */
  public byte[] open(Sealed sealed, String context) {
    MasterKey key = all.get(sealed.masterKeyId());
    if (key == null) {
      throw new IllegalStateException("the secret for " + context + " is sealed under master key " + sealed.masterKeyId()
          + ", which this store was not given; add it to carriage.secrets.previous-master-keys");
    }
    return Envelope.open(key.key(), sealed.bytes(), context);
  }

  private static Path localFile() {
    return DatabaseSettings.from(System.getenv(), System.getProperties()).home().resolve(LOCAL_FILE);
  }

  /**
   * Reads the key file. The local one is made on first start, owner-only, and refused when its
   * group or others may read it; a configured one (a mounted secret, readable by the pod's group)
   * is refused when anyone may read it.
   */
  private static MasterKey fromFile(Path file, boolean local) {
    try {
      if (local && Files.notExists(file)) {
        create(file);
      }
      if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> tooOpen = local
            ? Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)
            : Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);
        if (permissions.stream().anyMatch(tooOpen::contains)) {
          throw new IllegalStateException("master key file " + file + " may be read by others (" + PosixFilePermissions.toString(permissions)
              + "); make it owner-only: chmod 600 " + file);
        }
      }
      return MasterKey.parse(Files.readString(file, StandardCharsets.US_ASCII), "master key file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read master key file " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] raw = new byte[MasterKey.BYTES];
    new SecureRandom().nextBytes(raw);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException madeByAnotherStart) {
      return;
    } catch (UnsupportedOperationException noPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
    LOG.infof("Made a master key for secrets at rest in %s (owner-only); keep it with backups of the database, apart from them", file);
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }
}
