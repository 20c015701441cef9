package io.cambium.spark.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** How row values become floats (no Spark context needed). */
class ColumnsTest {
    /** A stand-in for Spark ML's DenseVector: read through its toArray(). */
    public static final class Vec {
        public double[] toArray() {
            return new double[] {0.5, -2};
        }
    }

    @Test
    void numbersArraysAndVectors() {
        Columns c = Columns.of("f", "y");
        assertThat(c.features(RowFactory.create(List.of(List.of(1, 2), List.of(3.5f, 4L)), 1), 0))
                .containsExactly(1, 2, 3.5f, 4);
        assertThat(c.features(RowFactory.create(new Vec(), 1), 0)).containsExactly(0.5f, -2f);
        assertThat(c.label(RowFactory.create(new Vec(), 7), 0)).containsExactly(7f);
        assertThat(c.label(RowFactory.create(new Vec(), List.of(0, 1)), 0)).containsExactly(0f, 1f);
        assertThatThrownBy(() -> c.features(RowFactory.create(null, 1), 12))
                .hasMessage("column 'f' row 12 is null");
        assertThatThrownBy(() -> c.features(RowFactory.create("text", 1), 3))
                .hasMessageContaining("column 'f' row 3 holds a String");
    }

    @Test
    void rawAndEncodedImageBytes() throws Exception {
        Columns c = Columns.of("img", "y").inputShape(2, 2, 1);
        assertThat(c.features(RowFactory.create(new byte[] {0, (byte) 255, 51, 102}, 0), 0))
                .containsExactly(0f, 1f, 0.2f, 0.4f);
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 0, 0, 255);
        img.getRaster().setSample(0, 1, 0, 51);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        assertThat(c.features(RowFactory.create(png.toByteArray(), 0), 0)).containsExactly(0f, 1f, 0.2f, 0f);
        assertThatThrownBy(() -> c.features(RowFactory.create(new byte[] {1, 2, 3}, 0), 5))
                .hasMessageContaining("row 5: 3 bytes are neither 4 raw pixels");
        assertThatThrownBy(() -> Columns.of("img", "y").features(RowFactory.create(new byte[4], 0), 0))
                .hasMessageContaining("give Columns.inputShape");
    }

    @Test
    void sparkImageStructIsReadAsRgb() {
        StructType schema = new StructType().add("origin", DataTypes.StringType).add("height", DataTypes.IntegerType)
                .add("width", DataTypes.IntegerType).add("nChannels", DataTypes.IntegerType)
                .add("mode", DataTypes.IntegerType).add("data", DataTypes.BinaryType);
        // One pixel stored as B=0, G=51, R=255 (OpenCV order).
        Row image = new GenericRowWithSchema(new Object[] {"x.png", 1, 1, 3, 16, new byte[] {0, 51, (byte) 255}}, schema);
        assertThat(Columns.of("image", "y").features(RowFactory.create(image, 0), 0)).containsExactly(1f, 0.2f, 0f);
    }
}
