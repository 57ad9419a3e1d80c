package org.slidescore.gateway.token;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.slidescore.common.auth.ApiToken;
import org.slidescore.common.auth.Right;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A token the gateway minted: its claims, life and revocation (the JWT is never stored). */
@Entity
@Table(name = "api_token")
public class ApiTokenRecord extends PanacheEntityBase {
    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false, length = 200)
    public String name;

    /** Comma-separated {@link Right} names. */
    @Column(nullable = false, length = 1000)
    public String rights;

    @Column(name = "upload_only_in_folders", nullable = false, columnDefinition = "text")
    public String uploadOnlyInFolders = "";

    @Column(name = "read_only_studies", nullable = false, columnDefinition = "text")
    public String readOnlyStudies = "";

    @Column(name = "modify_only_studies", nullable = false, columnDefinition = "text")
    public String modifyOnlyStudies = "";

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoke_reason", length = 200)
    public String revokeReason;

    public Set<Right> rightSet() {
        EnumSet<Right> set = EnumSet.noneOf(Right.class);
        if (rights != null) {
            for (String r : rights.split(",")) {
                Right right = Right.byClaim(r.trim());
                if (right != null) {
                    set.add(right);
                }
            }
        }
        return set;
    }

    public static String rightsText(Set<Right> rights) {
        List<String> names = new ArrayList<>();
        for (Right r : Right.values()) {
            if (rights.contains(r)) {
                names.add(r.name());
            }
        }
        return String.join(",", names);
    }

    public static ApiTokenRecord of(ApiToken t, Instant createdAt) {
        ApiTokenRecord r = new ApiTokenRecord();
        r.id = t.id();
        r.name = t.name().length() > 200 ? t.name().substring(0, 200) : t.name();
        r.rights = rightsText(t.rights());
        r.uploadOnlyInFolders = String.join(";", t.uploadOnlyInFolders());
        r.readOnlyStudies = String.join(";", t.readOnlyStudies());
        r.modifyOnlyStudies = String.join(";", t.modifyOnlyStudies());
        r.createdAt = createdAt;
        r.expiresAt = t.expiresAt();
        return r;
    }
}
