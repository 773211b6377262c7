"""learning paths: paths and their courses, paths of cohorts, path completions, certified courses

Revision ID: 0006_paths
Revises: 0005_certificates
Create Date: 2026-11-28 10:05:40.592266

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_paths'
down_revision = '0005_certificates'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('learning_paths',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_paths'))
    )
    op.create_table('path_courses',
    sa.Column('path_id', sa.String(length=64), nullable=False),
    sa.Column('course_id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_path_courses_course_id_courses')),
    sa.ForeignKeyConstraint(['path_id'], ['learning_paths.id'], name=op.f('fk_path_courses_path_id_learning_paths'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('path_id', 'course_id', name=op.f('pk_path_courses'))
    )
    with op.batch_alter_table('path_courses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_path_courses_course_id'), ['course_id'], unique=False)

    op.create_table('cohort_paths',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('path_id', sa.String(length=64), nullable=False),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_paths_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['path_id'], ['learning_paths.id'], name=op.f('fk_cohort_paths_path_id_learning_paths')),
    sa.PrimaryKeyConstraint('cohort_id', 'path_id', name=op.f('pk_cohort_paths'))
    )
    with op.batch_alter_table('cohort_paths', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_paths_path_id'), ['path_id'], unique=False)

    op.create_table('course_certifications',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.String(length=64), nullable=False),
    sa.Column('certified_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['courses.id'], name=op.f('fk_course_certifications_course_id_courses')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_course_certifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'course_id', name=op.f('pk_course_certifications'))
    )
    with op.batch_alter_table('course_certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_course_certifications_course_id'), ['course_id'], unique=False)

    op.create_table('path_completions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('path_id', sa.String(length=64), nullable=False),
    sa.Column('path_version', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=16), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['path_id'], ['learning_paths.id'], name=op.f('fk_path_completions_path_id_learning_paths')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_path_completions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_path_completions')),
    sa.UniqueConstraint('user_id', 'path_id', name=op.f('uq_path_completions_user_id'))
    )
    with op.batch_alter_table('path_completions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_path_completions_path_id'), ['path_id'], unique=False)



def downgrade():
    with op.batch_alter_table('path_completions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_path_completions_path_id'))

    op.drop_table('path_completions')
    with op.batch_alter_table('course_certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_course_certifications_course_id'))

    op.drop_table('course_certifications')
    with op.batch_alter_table('cohort_paths', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_paths_path_id'))

    op.drop_table('cohort_paths')
    with op.batch_alter_table('path_courses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_path_courses_course_id'))

    op.drop_table('path_courses')
    op.drop_table('learning_paths')
