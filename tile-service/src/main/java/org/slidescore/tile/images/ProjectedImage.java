package org.slidescore.tile.images;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An image of a projected study: where its file lies under the images root. */
@Entity
@Table(name = "projected_image")
public class ProjectedImage extends PanacheEntityBase {
    @Id
    @Column(name = "image_id")
    public long imageId;

    @Column(name = "study_id", nullable = false)
    public long studyId;

    @Column(nullable = false, length = 1024)
    public String name;

    @Column(nullable = false, length = 4096)
    public String path;

    @Column(name = "file_size", nullable = false)
    public long fileSize;
}
