"""path certificates: a certificate is for a course or for a learning path (with its courses)

Revision ID: 0007_path_certificates
Revises: 0006_paths
Create Date: 2026-11-28 10:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_path_certificates'
down_revision = '0006_paths'
branch_labels = None
depends_on = None

CURRENT = sa.text('revoked_at IS NULL')


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('path_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('courses', sa.JSON(), nullable=True))
        batch_op.alter_column('course_id', existing_type=sa.String(length=64), nullable=True)
        batch_op.create_foreign_key(batch_op.f('fk_certificates_path_id_learning_paths'), 'learning_paths',
                                    ['path_id'], ['id'])
        batch_op.create_check_constraint(batch_op.f('ck_certificates_course_or_path'),
                                         sa.text('(course_id IS NULL) <> (path_id IS NULL)'))
        batch_op.create_index(batch_op.f('ix_certificates_path_id'), ['path_id'], unique=False)
        batch_op.create_index('uq_certificates_current_per_user_path', ['user_id', 'path_id'], unique=True,
                              sqlite_where=CURRENT, postgresql_where=CURRENT)


def downgrade():
    op.execute(sa.text('DELETE FROM certificate_documents WHERE certificate_id IN '
                       '(SELECT id FROM certificates WHERE path_id IS NOT NULL)'))
    op.execute(sa.text('DELETE FROM certificates WHERE path_id IS NOT NULL'))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index('uq_certificates_current_per_user_path', sqlite_where=CURRENT, postgresql_where=CURRENT)
        batch_op.drop_index(batch_op.f('ix_certificates_path_id'))
        batch_op.drop_constraint(batch_op.f('ck_certificates_course_or_path'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_certificates_path_id_learning_paths'), type_='foreignkey')
        batch_op.alter_column('course_id', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column('courses')
        batch_op.drop_column('path_id')
